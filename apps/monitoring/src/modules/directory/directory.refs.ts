/** What a resolver of an extended registry type receives: the key alone (docs/decisions.md §68). */
export interface OrganizationRef {
  id: string;
}
export interface MunicipalityRef {
  id: string;
}
export interface RegionRef {
  id: string;
}
