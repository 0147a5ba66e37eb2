import type { Caller, Place } from './caller.js';

/** Where a case sits, as far as organisational scope is concerned. */
export interface CaseLocation {
  centerCode: string;
  district: string;
}

/**
 * Organisational scope (the catalogue's `org` of the caller's roles): center and hospital staff reach cases at their
 * own centers, local officials and social workers cases in their district, national roles every case.
 */
export function placeReaches(place: Place, where: CaseLocation): boolean {
  switch (place.kind) {
    case 'national':
      return true;
    case 'district':
      return place.district === where.district;
    case 'centers':
      return place.centers.includes(where.centerCode);
  }
}

export function inOrgScope(c: Caller, where: CaseLocation): boolean {
  return placeReaches(c.place, where);
}
