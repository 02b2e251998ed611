/** Who may reach which e-resource: the criteria document and the decision. */
export {
  CriteriaDocumentSchema,
  CriteriaSchema,
  DEFAULT_RELEASE,
  RELEASE_ATTRIBUTES,
  RELEASE_IDS,
  ReleaseSchema,
  ResourceSchema,
  parseCriteriaDocument,
  sameRelease,
  type Criteria,
  type CriteriaDocument,
  type CriteriaError,
  type ParseCriteriaResult,
  type Release,
  type ReleaseAttribute,
  type ReleaseId,
  type Resource,
} from './criteria';
export {
  DirectorySchema,
  InstitutionSchema,
  PatronTypeSchema,
  findInstitution,
  findPatronType,
  hasDirectory,
  institutionName,
  nameIn,
  patronTypeName,
  renewalOf,
  unknownCodes,
  unknownCodesMessage,
  usedBy,
  type CodeKind,
  type Directory,
  type Institution,
  type Names,
  type PatronType,
  type UnknownCodes,
} from './directory';
export { addDays, ageOn, compareDates, isCalendarDate, localDate } from './dates';
export { decide, type Decision, type Reason, type ReasonCode } from './decide';
export { REASON_LOCALES, describeReason, type Locale } from './reasons';
