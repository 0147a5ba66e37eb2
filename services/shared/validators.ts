import { IsString, Matches, MaxLength, ValidateBy, type ValidationOptions } from 'class-validator';
import { Field } from 'type-graphql';

// Validation rules the hub's inputs share, with messages a reception officer can act on.

/** A real calendar day as YYYY-MM-DD: 2001-02-31 is refused here, not by the database. */
export function IsCalendarDay(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDay',
      validator: {
        validate: (v: unknown) =>
          typeof v === 'string' &&
          /^\d{4}-\d{2}-\d{2}$/.test(v) &&
          !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) &&
          new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v,
        defaultMessage: () => 'must be a real date as YYYY-MM-DD',
      },
    },
    options,
  );
}

/** Not empty, not only spaces (inputs are trimmed before validation): a blank finding records nothing. */
export function NotBlank(options?: ValidationOptions): PropertyDecorator {
  return Matches(/\S/, { message: 'must not be blank', ...options });
}

/**
 * A stated reason (for an override, for emergency access) must say something: at least `min` letters as they are
 * stored (canonical composition, NFC), with every character that is invisible by Unicode's own definition left out:
 * formatting characters (zero-width spaces and joiners) and default-ignorable ones (the Hangul fillers are letters
 * that show nothing). Twenty dots, or twenty blank fillers, say nothing to the data-protection officer who reads the
 * reason. Compatibility normalisation (NFKC) is not used: it would count one ligature as the fifteen letters it
 * expands to.
 */
export function HasLetters(min: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'hasLetters',
      validator: {
        validate: (v: unknown) => typeof v === 'string' && lettersIn(v) >= min,
        defaultMessage: () => `must say why in at least ${min} letters`,
      },
    },
    options,
  );
}

/** The longest stated reason, in characters. */
export const MAX_REASON = 2000;

/**
 * A required stated reason, as every mutation that must say why takes it: a GraphQL string field with `description`,
 * at most MAX_REASON characters, with at least `letters` letters. One rule, so that each mutation's reason is checked
 * alike and its problems are named in the same order.
 */
export function StatedReason(letters: number, description: string): PropertyDecorator {
  const rules = [Field(() => String, { description }), IsString(), MaxLength(MAX_REASON), HasLetters(letters)];
  // Applied last to first, as decorators written one above the other are.
  return (target, key) => {
    for (const rule of rules.toReversed()) rule(target, key);
  };
}

export function lettersIn(text: string): number {
  return (
    text
      .normalize('NFC')
      .replace(/[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu, '')
      .match(/\p{L}/gu)?.length ?? 0
  );
}
