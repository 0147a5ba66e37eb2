import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import { NotBlank } from '../../shared/validators.js';

/** A center's code: what tokens name it by, and the first part of its case numbers (GASABO-3/2026/000001). */
const CODE = /^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$/;
const CODE_PROBLEM = 'must be upper-case letters and digits, in parts joined by hyphens (e.g. GASABO-3)';

@InputType({ description: 'A new Isange One Stop Center.' })
export class OpenCenterInput {
  @Field(() => String, { description: 'Stable code, e.g. GASABO-3; tokens name centers by it. Never changes.' })
  @IsString()
  @MaxLength(40)
  @Matches(CODE, { message: CODE_PROBLEM })
  code!: string;
  @Field(() => String, { description: 'e.g. Isange One Stop Center, Kibagabaga Hospital' })
  @IsString()
  @NotBlank()
  @MaxLength(200)
  name!: string;
  @Field(() => String, {
    description: "One of Rwanda's 30 districts, spelled as the national list spells it. Never changes.",
  })
  @IsString()
  @NotBlank()
  @MaxLength(100)
  district!: string;
  @Field(() => String, { description: "The district's province." })
  @IsString()
  @NotBlank()
  @MaxLength(100)
  province!: string;
  @Field(() => String) @IsString() @NotBlank() @MaxLength(200) hospital!: string;
  @Field(() => Int, { description: '0 to 100.' }) @IsInt() @Min(0) @Max(100) safeRoomBeds!: number;
  @Field(() => Int, { description: 'Counselling rooms for children, 0 to 20.' })
  @IsInt()
  @Min(0)
  @Max(20)
  childRooms!: number;
  @Field(() => Int, { description: 'Counselling rooms for adults, 0 to 20.' })
  @IsInt()
  @Min(0)
  @Max(20)
  adultRooms!: number;
}

@InputType({
  description: 'What changes at a center; what is left out stays as it is. Its code and district never change.',
})
export class UpdateCenterInput {
  @Field(() => String, { description: 'The center to change.' })
  @IsString()
  @MaxLength(40)
  code!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @NotBlank() @MaxLength(200) name?: string | null;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @NotBlank()
  @MaxLength(200)
  hospital?: string | null;
  @Field(() => Int, { nullable: true, description: 'Not fewer than the survivors staying now.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  safeRoomBeds?: number | null;
  @Field(() => Int, { nullable: true, description: 'A room taken away must have no session booked ahead.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(20)
  childRooms?: number | null;
  @Field(() => Int, { nullable: true, description: 'A room taken away must have no session booked ahead.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(20)
  adultRooms?: number | null;
}
