/**
 * Layout and validation of the item catalogue (data/catalogue/items.json): categories (大类) and
 * item types (小类) with level, time limit, routing role and the conditions to accept and to close.
 * Cross-checks against the department templates name the item code, so an administrator who
 * mistypes a role learns which item to fix.
 */
import { z } from 'zod';
import { formatIssues, formatPath, type Loaded } from '../calendar/data-issues.ts';
import { loadDepartments, type DepartmentsData } from './department-schema.ts';

const categoryCode = z.string().regex(/^[CE]\d{2}$/, 'a category code is C or E and two digits, e.g. C01');
const itemCode = z
  .string()
  .regex(/^[CE]\d{4}$/, 'an item code is its category code and two digits, e.g. C0101');
const text = (what: string) => z.string().trim().min(1, `${what} is required`);

const category = z
  .object({
    code: categoryCode,
    kind: z.enum(['component', 'event']),
    name: text('a name'),
    nameEn: z.string().optional(),
  })
  .strict();

const timeLimit = z
  .object({
    value: z.number().positive('a time limit must be positive').max(1000),
    unit: z.enum(['workingHours', 'workingDays'], { error: 'unit is workingHours or workingDays' }),
  })
  .strict()
  .refine((t) => t.unit !== 'workingDays' || Number.isInteger(t.value), {
    message: 'working days must be a whole number',
    path: ['value'],
  });

const item = z
  .object({
    code: itemCode,
    category: categoryCode,
    name: text('a name'),
    nameEn: z.string().optional(),
    level: z.enum(['A', 'B', 'C'], { error: 'level is A, B or C' }),
    timeLimit,
    defaultRole: z.string().min(1, 'a default department role is required'),
    /** District roles to whistle when the town cannot solve it. */
    escalationRoles: z.array(z.string()).default([]),
    acceptWhen: text('the condition to accept'),
    closeWhen: text('the condition to close'),
  })
  .strict();

export const catalogueSchema = z
  .object({
    note: z.string().optional(),
    version: z.string().optional(),
    categories: z.array(category).min(1),
    items: z.array(item).min(1),
  })
  .strict()
  .superRefine((data, ctx) => {
    const issue = (path: PropertyKey[], message: string): void =>
      ctx.addIssue({ code: 'custom', path, message });
    const categories = new Map<string, string>();
    data.categories.forEach((c, i) => {
      if (categories.has(c.code)) issue(['categories', i, 'code'], `category ${c.code} is defined twice`);
      if ((c.code[0] === 'C') !== (c.kind === 'component'))
        issue(['categories', i, 'kind'], `category ${c.code}: C codes are components, E codes events`);
      categories.set(c.code, c.name);
    });
    const codes = new Set<string>();
    data.items.forEach((it, i) => {
      if (codes.has(it.code)) issue(['items', i, 'code'], `item ${it.code} is defined twice`);
      codes.add(it.code);
      if (!categories.has(it.category))
        issue(['items', i, 'category'], `item ${it.code}: no category ${it.category}`);
      if (!it.code.startsWith(it.category))
        issue(['items', i, 'code'], `item ${it.code} does not start with its category code ${it.category}`);
    });
  });

export type CatalogueData = z.output<typeof catalogueSchema>;
export type ItemCategory = CatalogueData['categories'][number];
export type ItemType = CatalogueData['items'][number] & { kind: ItemCategory['kind'] };

export interface Catalogue {
  categories: ItemCategory[];
  items: ItemType[];
  byCode: ReadonlyMap<string, ItemType>;
}

/**
 * Validates the catalogue against the department templates: every default role must be a town role
 * held by a department in every template, every escalation role a district role some district
 * department holds.
 */
export function loadCatalogue(raw: unknown, departments: DepartmentsData): Loaded<Catalogue> {
  const parsed = catalogueSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, errors: formatIssues(parsed.error) };
  const data = parsed.data;
  const level = new Map(departments.roles.map((r) => [r.id, r.level]));
  const districtHeld = new Set(departments.districtDepartments.flatMap((d) => d.roles));
  const errors: string[] = [];
  const at = (i: number, ...rest: PropertyKey[]): string => formatPath(['items', i, ...rest]);
  data.items.forEach((it, i) => {
    const roleLevel = level.get(it.defaultRole);
    if (roleLevel === undefined)
      errors.push(
        `${at(i, 'defaultRole')}: item ${it.code} (${it.name}): unknown department role "${it.defaultRole}"`,
      );
    else if (roleLevel !== 'town')
      errors.push(
        `${at(i, 'defaultRole')}: item ${it.code} (${it.name}): "${it.defaultRole}" is a district role`,
      );
    else
      for (const t of departments.templates)
        if (!t.departments.some((d) => d.roles.includes(it.defaultRole)))
          errors.push(
            `${at(i, 'defaultRole')}: item ${it.code} (${it.name}): no department of template ${t.id} holds role "${it.defaultRole}"`,
          );
    it.escalationRoles.forEach((r, ri) => {
      if (level.get(r) !== 'district')
        errors.push(
          `${at(i, 'escalationRoles', ri)}: item ${it.code} (${it.name}): unknown district role "${r}"`,
        );
      else if (!districtHeld.has(r))
        errors.push(
          `${at(i, 'escalationRoles', ri)}: item ${it.code} (${it.name}): no district department holds "${r}"`,
        );
    });
  });
  if (errors.length) return { ok: false, errors };
  const kind = new Map(data.categories.map((c) => [c.code, c.kind]));
  const items = data.items.map((it) => ({ ...it, kind: kind.get(it.category)! }));
  return {
    ok: true,
    value: { categories: data.categories, items, byCode: new Map(items.map((it) => [it.code, it])) },
  };
}

export interface ReferenceData {
  departments: DepartmentsData;
  catalogue: Catalogue;
}

/** Both files at once; errors are prefixed with the file they belong to. */
export function loadReferenceData(raw: { catalogue: unknown; departments: unknown }): Loaded<ReferenceData> {
  const departments = loadDepartments(raw.departments);
  if (!departments.ok) return { ok: false, errors: departments.errors.map((e) => `departments: ${e}`) };
  const catalogue = loadCatalogue(raw.catalogue, departments.value);
  if (!catalogue.ok) return { ok: false, errors: catalogue.errors.map((e) => `catalogue: ${e}`) };
  return { ok: true, value: { departments: departments.value, catalogue: catalogue.value } };
}
