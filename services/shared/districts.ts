// Rwanda's 5 provinces and 30 districts (the national statistics office's list, since the 2006 reform). A center sits
// in one district; district roles (social workers, local officials) reach the cases of the centers in theirs. Reference
// data the hub checks a new center against, not demo data.

export const DISTRICTS: readonly { province: string; district: string }[] = (
  [
    ['Kigali City', 'Gasabo'],
    ['Kigali City', 'Kicukiro'],
    ['Kigali City', 'Nyarugenge'],
    ['Eastern Province', 'Bugesera'],
    ['Eastern Province', 'Gatsibo'],
    ['Eastern Province', 'Kayonza'],
    ['Eastern Province', 'Kirehe'],
    ['Eastern Province', 'Ngoma'],
    ['Eastern Province', 'Nyagatare'],
    ['Eastern Province', 'Rwamagana'],
    ['Northern Province', 'Burera'],
    ['Northern Province', 'Gakenke'],
    ['Northern Province', 'Gicumbi'],
    ['Northern Province', 'Musanze'],
    ['Northern Province', 'Rulindo'],
    ['Southern Province', 'Gisagara'],
    ['Southern Province', 'Huye'],
    ['Southern Province', 'Kamonyi'],
    ['Southern Province', 'Muhanga'],
    ['Southern Province', 'Nyamagabe'],
    ['Southern Province', 'Nyanza'],
    ['Southern Province', 'Nyaruguru'],
    ['Southern Province', 'Ruhango'],
    ['Western Province', 'Karongi'],
    ['Western Province', 'Ngororero'],
    ['Western Province', 'Nyabihu'],
    ['Western Province', 'Nyamasheke'],
    ['Western Province', 'Rubavu'],
    ['Western Province', 'Rusizi'],
    ['Western Province', 'Rutsiro'],
  ] as const
).map(([province, district]) => ({ province, district }));

/** The province a district belongs to, or null for a name that is not one of the 30 districts (spelled exactly). */
export function provinceOf(district: string): string | null {
  return DISTRICTS.find((d) => d.district === district)?.province ?? null;
}
