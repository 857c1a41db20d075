/** The editable reference data as stored (the schemas' input: defaults may be absent). */
import type { z } from 'zod';
import type { calendarDataSchema } from '../../../shared/calendar/calendar-schema.ts';
import type { catalogueSchema } from '../../../shared/cases/catalogue-schema.ts';
import type { departmentsSchema } from '../../../shared/cases/department-schema.ts';

export type CatalogueDoc = z.input<typeof catalogueSchema>;
export type CatalogueItem = CatalogueDoc['items'][number];
export type DepartmentsDoc = z.input<typeof departmentsSchema>;
export type CalendarDoc = z.input<typeof calendarDataSchema>;
export type CalendarYear = CalendarDoc['years'][number];
