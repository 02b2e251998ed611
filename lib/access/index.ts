/** Who may reach which e-resource: the criteria document and the decision. */
export {
  CriteriaDocumentSchema,
  CriteriaSchema,
  ResourceSchema,
  parseCriteriaDocument,
  type Criteria,
  type CriteriaDocument,
  type CriteriaError,
  type ParseCriteriaResult,
  type Resource,
} from './criteria';
export { addDays, ageOn, compareDates, isCalendarDate, localDate } from './dates';
export { decide, type Decision, type Reason, type ReasonCode } from './decide';
export { REASON_LOCALES, describeReason, type Locale } from './reasons';
