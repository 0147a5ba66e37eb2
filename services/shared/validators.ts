import { Matches, ValidateBy, type ValidationOptions } from 'class-validator';

// Validation rules the hub's inputs share, with messages a reception officer can act on.

/** A real calendar day as YYYY-MM-DD: 2001-02-31 is refused here, not by the database. */
export function IsCalendarDay(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDay',
      validator: {
        validate: (v: unknown) =>
          typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) &&
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
