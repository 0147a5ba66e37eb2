import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A toll-free number a survivor can call. Public.' })
export class Hotline {
  @Field(() => String) number!: string;
  @Field(() => String) purpose!: string;
  @Field(() => Boolean) sms!: boolean;
}

export const HOTLINES: Hotline[] = [
  { number: '3512', purpose: 'Gender-based violence (toll-free)', sms: true },
  { number: '3029', purpose: 'Isange One Stop Center', sms: false },
  { number: '116', purpose: 'Child helpline', sms: false },
];
