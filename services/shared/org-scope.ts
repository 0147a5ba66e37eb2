import type { Principal } from './principal.js';

/** Where a case sits, as far as organisational scope is concerned. */
export interface CaseLocation {
  centerCode: string;
  district: string;
}

/**
 * Organisational scope (the catalogue's `org` of the principal's roles): center and hospital staff reach cases at
 * their own centers, local officials and social workers cases in their district, national roles every case.
 */
export function inOrgScope(p: Principal, where: CaseLocation): boolean {
  switch (p.org) {
    case 'national':
      return true;
    case 'district':
      return p.district !== null && p.district === where.district;
    case 'centers':
      return p.centers.includes(where.centerCode);
  }
}
