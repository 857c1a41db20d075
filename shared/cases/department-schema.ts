/**
 * Layout and validation of the department templates file (data/departments/templates.json).
 * A role is a line of duty ("city services", "enforcement"); the item catalogue routes by role, and
 * each town template says which of its departments holds which role, so the same catalogue works
 * for 六部一队四中心 and 五部一局两中心 alike. District departments answer whistles.
 */
import { z } from 'zod';
import { formatIssues, type Loaded } from '../calendar/data-issues.ts';

const id = z
  .string()
  .regex(/^[a-zA-Z][a-zA-Z0-9-]*$/, 'must be an identifier (letters, digits and -, starting with a letter)');
const name = z.string().trim().min(1, 'a name is required');

const role = z
  .object({ id, name, nameEn: z.string().optional(), level: z.enum(['town', 'district']) })
  .strict();

const townDepartment = z
  .object({
    key: id,
    name,
    nameEn: z.string().optional(),
    kind: z.enum(['department', 'team', 'bureau', 'center']),
    roles: z.array(id).min(1, 'a department holds at least one role'),
  })
  .strict();

const template = z
  .object({ id, name, nameEn: z.string().optional(), departments: z.array(townDepartment).min(1) })
  .strict();

const districtDepartment = z
  .object({ id, name, nameEn: z.string().optional(), roles: z.array(id).min(1) })
  .strict();

export const departmentsSchema = z
  .object({
    note: z.string().optional(),
    version: z.string().optional(),
    roles: z.array(role).min(1),
    defaultTemplate: id,
    templates: z.array(template).min(1),
    /** Towns (by grid code) that use another template than the default. */
    townTemplates: z.record(z.string().regex(/^\d{6,15}$/, 'a town code is 6 to 15 digits'), id).optional(),
    districtDepartments: z.array(districtDepartment),
  })
  .strict()
  .superRefine((data, ctx) => {
    const issue = (path: PropertyKey[], message: string): void =>
      ctx.addIssue({ code: 'custom', path, message });
    const roleLevel = new Map<string, 'town' | 'district'>();
    data.roles.forEach((r, i) => {
      if (roleLevel.has(r.id)) issue(['roles', i, 'id'], `role "${r.id}" is defined twice`);
      roleLevel.set(r.id, r.level);
    });
    const checkRole = (path: PropertyKey[], owner: string, r: string, level: 'town' | 'district'): void => {
      const found = roleLevel.get(r);
      if (found === undefined) issue(path, `${owner}: unknown role "${r}"`);
      else if (found !== level) issue(path, `${owner}: role "${r}" is a ${found} role, not a ${level} one`);
    };
    const templateIds = new Set<string>();
    data.templates.forEach((t, ti) => {
      if (templateIds.has(t.id)) issue(['templates', ti, 'id'], `template "${t.id}" is defined twice`);
      templateIds.add(t.id);
      const keys = new Set<string>();
      t.departments.forEach((d, di) => {
        if (keys.has(d.key))
          issue(['templates', ti, 'departments', di, 'key'], `${t.id}: key "${d.key}" twice`);
        keys.add(d.key);
        d.roles.forEach((r, ri) =>
          checkRole(['templates', ti, 'departments', di, 'roles', ri], `${t.id}/${d.key}`, r, 'town'),
        );
      });
    });
    if (!templateIds.has(data.defaultTemplate))
      issue(
        ['defaultTemplate'],
        `no template "${data.defaultTemplate}" (have ${[...templateIds].join(', ')})`,
      );
    for (const [town, t] of Object.entries(data.townTemplates ?? {}))
      if (!templateIds.has(t)) issue(['townTemplates', town], `town ${town}: no template "${t}"`);
    const districtIds = new Set<string>();
    data.districtDepartments.forEach((d, di) => {
      if (districtIds.has(d.id)) issue(['districtDepartments', di, 'id'], `"${d.id}" is defined twice`);
      districtIds.add(d.id);
      d.roles.forEach((r, ri) => checkRole(['districtDepartments', di, 'roles', ri], d.id, r, 'district'));
    });
  });

export type DepartmentsData = z.output<typeof departmentsSchema>;
export type DepartmentTemplate = DepartmentsData['templates'][number];
export type TemplateDepartment = DepartmentTemplate['departments'][number];
export type DistrictDepartment = DepartmentsData['districtDepartments'][number];
export type Role = DepartmentsData['roles'][number];

export function loadDepartments(raw: unknown): Loaded<DepartmentsData> {
  const parsed = departmentsSchema.safeParse(raw);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, errors: formatIssues(parsed.error) };
}
