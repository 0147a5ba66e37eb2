import { Directive, Field, ObjectType } from 'type-graphql';

// What health tells the police of its forensic samples, declared once, like the sharing facts (sharing/wire.ts):
// health resolves it on its Case (`forensicHandovers`, @inaccessible: only the gateway's planner asks for it), the
// police @require it on their chain of custody and read it against their own receipts. Only what a handover check
// needs crosses: the barcode, where the sample was collected, and when health handed it over. Nothing is stored on
// the police's side, so the chain they report is always health's record of this moment.

@ObjectType('ForensicHandover', { description: "A forensic sample as health's handover to the police shows it." })
@Directive('@inaccessible')
@Directive('@shareable')
export class ForensicHandover {
  @Field(() => String) barcode!: string;
  @Field(() => String, { description: 'The center where health collected it.' }) centerCode!: string;
  @Field(() => Date, { nullable: true, description: 'When health handed it to the police; null if not yet.' })
  handedToPoliceAt!: Date | null;
}

/** The selection the police's chain @requires. */
export const HANDOVER_SELECTION = 'forensicHandovers { barcode centerCode handedToPoliceAt }';

/** Handovers as a representation carries them; null when they are missing or do not fit (health did not answer). */
export function decodeHandovers(value: unknown): ForensicHandover[] | null {
  if (!Array.isArray(value)) return null;
  const out: ForensicHandover[] = [];
  for (const v of value) {
    if (typeof v !== 'object' || v === null) return null;
    const barcode: unknown = Reflect.get(v, 'barcode');
    const centerCode: unknown = Reflect.get(v, 'centerCode');
    const handed: unknown = Reflect.get(v, 'handedToPoliceAt');
    const at = typeof handed === 'string' ? new Date(handed) : null;
    if (typeof barcode !== 'string' || typeof centerCode !== 'string') return null;
    if (handed !== null && handed !== undefined && (!at || Number.isNaN(at.getTime()))) return null;
    out.push(Object.assign(new ForensicHandover(), { barcode, centerCode, handedToPoliceAt: at }));
  }
  return out;
}
