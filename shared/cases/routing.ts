/**
 * Suggested department for a case: the operator confirms or changes it with one click.
 *
 * Components (部件) have an owner (权属单位: the water company owns the water manhole cover), and the
 * owner is first responsible for its own property wherever it stands; the town's department for
 * the item's role comes next. Events (事件) belong to the territory (属地管理): the department of the
 * town the case lies in that holds the item's role comes first, an owner (the manager of the site,
 * when known) next. A district department holding one of the item's escalation roles is the last
 * resort — for a case outside every town, or a role no town department holds.
 */
import type { DepartmentTemplate, DistrictDepartment } from './department-schema.ts';
import type { ItemType } from './catalogue-schema.ts';

export interface TownDepartment {
  /** Unique across the district: town code and template key. */
  id: string;
  townCode: string;
  key: string;
  name: string;
  kind: DepartmentTemplate['departments'][number]['kind'];
  roles: string[];
}

/** A town's departments, created from a template (the town may rename them later). */
export function townDepartments(template: DepartmentTemplate, townCode: string): TownDepartment[] {
  return template.departments.map((d) => ({
    id: `${townCode}:${d.key}`,
    townCode,
    key: d.key,
    name: d.name,
    kind: d.kind,
    roles: [...d.roles],
  }));
}

export type RoutingBasis = 'owner' | 'territory' | 'district';

export interface RouteCandidate {
  departmentId: string;
  name: string;
  basis: RoutingBasis;
}

export interface Suggestion extends RouteCandidate {
  /** The other candidates, in order, for the operator's one-click change. */
  alternatives: RouteCandidate[];
}

export interface RoutingOptions {
  /** The owner or manager of the thing or site, when known (from the component register). */
  owner?: { id: string; name: string } | null;
  districtDepartments?: readonly DistrictDepartment[];
}

export function suggestDepartment(
  item: Pick<ItemType, 'kind' | 'defaultRole' | 'escalationRoles'>,
  town: readonly TownDepartment[],
  options: RoutingOptions = {},
): Suggestion | null {
  const owner: RouteCandidate[] = options.owner
    ? [{ departmentId: options.owner.id, name: options.owner.name, basis: 'owner' }]
    : [];
  const territory: RouteCandidate[] = town
    .filter((d) => d.roles.includes(item.defaultRole))
    .map((d) => ({ departmentId: d.id, name: d.name, basis: 'territory' }));
  const district: RouteCandidate[] = (options.districtDepartments ?? [])
    .filter((d) => d.roles.some((r) => item.escalationRoles.includes(r)))
    .map((d) => ({ departmentId: d.id, name: d.name, basis: 'district' }));
  const ordered =
    item.kind === 'component' ? [...owner, ...territory, ...district] : [...territory, ...owner, ...district];
  const seen = new Set<string>();
  const unique = ordered.filter((c) => !seen.has(c.departmentId) && seen.add(c.departmentId));
  const [first, ...alternatives] = unique;
  return first ? { ...first, alternatives } : null;
}

/** District departments to call when whistling a case of this item type. */
export function whistleTargets(
  item: Pick<ItemType, 'escalationRoles'>,
  districtDepartments: readonly DistrictDepartment[],
): DistrictDepartment[] {
  return districtDepartments.filter((d) => d.roles.some((r) => item.escalationRoles.includes(r)));
}
