// Generated from ob_v3p0_achievementcredential_schema.json by `npm run credentials:validator`
// (validator-source.ts): Ajv 2019-09, strict off, all errors, ajv-formats (ob-formats.ts), the
// schema without annotations. Do not edit.
// @ts-nocheck
/* eslint-disable */
import { obFormats } from './ob-formats';

const validate = /* @__PURE__ */ (() => {
const schema21 = {"$schema":"https://json-schema.org/draft/2019-09/schema#","$id":"https://purl.imsglobal.org/spec/ob/v3p0/schema/json-ld/ob_v3p0_achievementcredential_schema.json","type":"object","properties":{"@context":{"type":"array","minItems":2,"items":[{"enum":["https://www.w3.org/ns/credentials/v2"]},{"type":"string","pattern":"^https:\\/\\/purl\\.imsglobal\\.org\\/spec\\/ob\\/v3p0\\/context(-3\\.\\d\\.\\d)*\\.json$"}],"additionalItems":{"$ref":"#/$defs/Context"}},"id":{"type":"string"},"type":{"allOf":[{"type":"array","minItems":1,"contains":{"enum":["VerifiableCredential"]},"items":{"type":"string"}},{"type":"array","minItems":1,"contains":{"enum":["AchievementCredential","OpenBadgeCredential"]},"items":{"type":"string"}}]},"name":{"type":"string"},"description":{"type":"string"},"image":{"$ref":"#/$defs/Image"},"awardedDate":{"type":"string","format":"date-time"},"credentialSubject":{"$ref":"#/$defs/AchievementSubject"},"endorsement":{"type":"array","items":{"$ref":"#/$defs/EndorsementCredential"}},"endorsementJwt":{"type":"array","items":{"type":"string","pattern":"^[a-zA-Z0-9_-]+\\.[a-zA-Z0-9_-]*\\.[a-zA-Z0-9_-]+$"}},"evidence":{"type":"array","items":{"$ref":"#/$defs/Evidence"}},"issuer":{"$ref":"#/$defs/ProfileRef"},"validFrom":{"type":"string","format":"date-time"},"validUntil":{"type":"string","format":"date-time"},"proof":{"type":"array","items":{"$ref":"#/$defs/Proof"}},"credentialSchema":{"type":"array","items":{"$ref":"#/$defs/CredentialSchema"}},"credentialStatus":{"$ref":"#/$defs/CredentialStatus"},"refreshService":{"$ref":"#/$defs/RefreshService"},"termsOfUse":{"type":"array","items":{"$ref":"#/$defs/TermsOfUse"}}},"required":["@context","id","type","credentialSubject","issuer","validFrom"],"additionalProperties":true,"$defs":{"Context":{"oneOf":[{"type":"string"},{"type":"object"}]},"TermsOfUse":{"type":"object","properties":{"id":{"type":"string"},"type":{"type":"string"}},"required":["type"],"additionalProperties":true},"CredentialStatus":{"type":"object","properties":{"id":{"type":"string"},"type":{"type":"string"}},"required":["id","type"],"additionalProperties":true},"AchievementSubject":{"type":"object","properties":{"id":{"type":"string"},"type":{"type":"array","minItems":1,"contains":{"enum":["AchievementSubject"]},"items":{"type":"string"}},"activityEndDate":{"type":"string","format":"date-time"},"activityStartDate":{"type":"string","format":"date-time"},"creditsEarned":{"type":"number"},"achievement":{"$ref":"#/$defs/Achievement"},"identifier":{"type":"array","items":{"$ref":"#/$defs/IdentityObject"}},"image":{"$ref":"#/$defs/Image"},"licenseNumber":{"type":"string"},"narrative":{"type":"string"},"result":{"type":"array","items":{"$ref":"#/$defs/Result"}},"role":{"type":"string"},"source":{"$ref":"#/$defs/Profile"},"term":{"type":"string"}},"required":["type","achievement"],"additionalProperties":true},"IdentityObject":{"type":"object","properties":{"type":{"type":"string","enum":["IdentityObject"]},"hashed":{"type":"boolean"},"identityHash":{"type":"string"},"identityType":{"oneOf":[{"type":"string","enum":["name","sourcedId","systemId","productId","userName","accountId","emailAddress","nationalIdentityNumber","isbn","issn","lisSourcedId","oneRosterSourcedId","sisSourcedId","ltiContextId","ltiDeploymentId","ltiToolId","ltiPlatformId","ltiUserId","identifier"]},{"type":"string","pattern":"(ext:)[a-z|A-Z|0-9|.|-|_]+"}]},"salt":{"type":"string"}},"required":["type","hashed","identityHash","identityType"],"additionalProperties":false},"Evidence":{"type":"object","properties":{"id":{"type":"string"},"type":{"type":"array","minItems":1,"contains":{"enum":["Evidence"]},"items":{"type":"string"}},"narrative":{"type":"string"},"name":{"type":"string"},"description":{"type":"string"},"genre":{"type":"string"},"audience":{"type":"string"}},"required":["type"],"additionalProperties":true},"EndorsementCredential":{"type":"object","properties":{"@context":{"type":"array","minItems":2,"items":[{"enum":["https://www.w3.org/ns/credentials/v2"]},{"type":"string","pattern":"^https:\\/\\/purl\\.imsglobal\\.org\\/spec\\/ob\\/v3p0\\/context(-3\\.\\d\\.\\d)*\\.json$"}],"additionalItems":{"$ref":"#/$defs/Context"}},"type":{"allOf":[{"type":"array","minItems":1,"contains":{"enum":["VerifiableCredential"]},"items":{"type":"string"}},{"type":"array","minItems":1,"contains":{"enum":["EndorsementCredential"]},"items":{"type":"string"}}]},"id":{"type":"string"},"name":{"type":"string"},"description":{"type":"string"},"credentialSubject":{"$ref":"#/$defs/EndorsementSubject"},"awardedDate":{"type":"string","format":"date-time"},"issuer":{"$ref":"#/$defs/ProfileRef"},"validFrom":{"type":"string","format":"date-time"},"validUntil":{"type":"string","format":"date-time"},"proof":{"type":"array","items":{"$ref":"#/$defs/Proof"}},"credentialSchema":{"type":"array","items":{"$ref":"#/$defs/CredentialSchema"}},"credentialStatus":{"$ref":"#/$defs/CredentialStatus"},"refreshService":{"$ref":"#/$defs/RefreshService"},"termsOfUse":{"type":"array","items":{"$ref":"#/$defs/TermsOfUse"}}},"required":["@context","type","id","name","credentialSubject","issuer","validFrom"],"additionalProperties":true},"Achievement":{"type":"object","properties":{"id":{"type":"string"},"type":{"type":"array","minItems":1,"contains":{"enum":["Achievement"]},"items":{"type":"string"}},"alignment":{"type":"array","items":{"$ref":"#/$defs/Alignment"}},"achievementType":{"oneOf":[{"type":"string","enum":["Achievement","ApprenticeshipCertificate","Assessment","Assignment","AssociateDegree","Award","Badge","BachelorDegree","Certificate","CertificateOfCompletion","Certification","CommunityService","Competency","Course","CoCurricular","Degree","Diploma","DoctoralDegree","Fieldwork","GeneralEducationDevelopment","JourneymanCertificate","LearningProgram","License","Membership","ProfessionalDoctorate","QualityAssuranceCredential","MasterCertificate","MasterDegree","MicroCredential","ResearchDoctorate","SecondarySchoolDiploma"]},{"type":"string","pattern":"(ext:)[a-z|A-Z|0-9|.|-|_]+"}]},"creator":{"$ref":"#/$defs/Profile"},"creditsAvailable":{"type":"number"},"criteria":{"$ref":"#/$defs/Criteria"},"description":{"type":"string"},"endorsement":{"type":"array","items":{"$ref":"#/$defs/EndorsementCredential"}},"endorsementJwt":{"type":"array","items":{"type":"string","pattern":"^[a-zA-Z0-9_-]+\\.[a-zA-Z0-9_-]*\\.[a-zA-Z0-9_-]+$"}},"fieldOfStudy":{"type":"string"},"humanCode":{"type":"string"},"image":{"$ref":"#/$defs/Image"},"inLanguage":{"type":"string","pattern":"^[a-z]{2,4}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$"},"name":{"type":"string"},"otherIdentifier":{"type":"array","items":{"$ref":"#/$defs/IdentifierEntry"}},"related":{"type":"array","items":{"$ref":"#/$defs/Related"}},"resultDescription":{"type":"array","items":{"$ref":"#/$defs/ResultDescription"}},"specialization":{"type":"string"},"tag":{"type":"array","items":{"type":"string"}},"version":{"type":"string"}},"required":["id","type","criteria","description","name"],"additionalProperties":true},"Alignment":{"type":"object","properties":{"type":{"type":"array","minItems":1,"contains":{"enum":["Alignment"]},"items":{"type":"string"}},"targetCode":{"type":"string"},"targetDescription":{"type":"string"},"targetName":{"type":"string"},"targetFramework":{"type":"string"},"targetType":{"oneOf":[{"type":"string","enum":["ceasn:Competency","ceterms:Credential","CFItem","CFRubric","CFRubricCriterion","CFRubricCriterionLevel","CTDL"]},{"type":"string","pattern":"(ext:)[a-z|A-Z|0-9|.|-|_]+"}]},"targetUrl":{"type":"string"}},"required":["type","targetName","targetUrl"],"additionalProperties":true},"Criteria":{"type":"object","properties":{"id":{"type":"string"},"narrative":{"type":"string"}},"required":[],"additionalProperties":true},"IdentifierEntry":{"type":"object","properties":{"type":{"type":"string","enum":["IdentifierEntry"]},"identifier":{"type":"string"},"identifierType":{"oneOf":[{"type":"string","enum":["name","sourcedId","systemId","productId","userName","accountId","emailAddress","nationalIdentityNumber","isbn","issn","lisSourcedId","oneRosterSourcedId","sisSourcedId","ltiContextId","ltiDeploymentId","ltiToolId","ltiPlatformId","ltiUserId","identifier"]},{"type":"string","pattern":"(ext:)[a-z|A-Z|0-9|.|-|_]+"}]}},"required":["type","identifier","identifierType"],"additionalProperties":false},"Proof":{"type":"object","properties":{"type":{"type":"string"},"created":{"type":"string","format":"date-time"},"cryptosuite":{"type":"string"},"challenge":{"type":"string"},"domain":{"type":"string"},"nonce":{"type":"string"},"proofPurpose":{"type":"string"},"proofValue":{"type":"string"},"verificationMethod":{"type":"string"}},"required":["type"],"additionalProperties":true},"RefreshService":{"type":"object","properties":{"id":{"type":"string"},"type":{"type":"string"}},"required":["id","type"],"additionalProperties":true},"Image":{"type":"object","properties":{"id":{"type":"string"},"type":{"type":"string","enum":["Image"]},"caption":{"type":"string"}},"required":["id","type"],"additionalProperties":false},"EndorsementSubject":{"type":"object","properties":{"id":{"type":"string"},"type":{"type":"array","minItems":1,"contains":{"enum":["EndorsementSubject"]},"items":{"type":"string"}},"endorsementComment":{"type":"string"}},"required":["id","type"],"additionalProperties":true},"Result":{"type":"object","properties":{"type":{"type":"array","minItems":1,"contains":{"enum":["Result"]},"items":{"type":"string"}},"achievedLevel":{"type":"string"},"alignment":{"type":"array","items":{"$ref":"#/$defs/Alignment"}},"resultDescription":{"type":"string"},"status":{"type":"string","enum":["Completed","Enrolled","Failed","InProgress","OnHold","Provisional","Withdrew"]},"value":{"type":"string"}},"required":["type"],"additionalProperties":true},"ProfileRef":{"oneOf":[{"type":"string"},{"$ref":"#/$defs/Profile"}]},"ResultDescription":{"type":"object","properties":{"id":{"type":"string"},"type":{"type":"array","minItems":1,"contains":{"enum":["ResultDescription"]},"items":{"type":"string"}},"alignment":{"type":"array","items":{"$ref":"#/$defs/Alignment"}},"allowedValue":{"type":"array","items":{"type":"string"}},"name":{"type":"string"},"requiredLevel":{"type":"string"},"requiredValue":{"type":"string"},"resultType":{"oneOf":[{"type":"string","enum":["GradePointAverage","LetterGrade","Percent","PerformanceLevel","PredictedScore","RawScore","Result","RubricCriterion","RubricCriterionLevel","RubricScore","ScaledScore","Status"]},{"type":"string","pattern":"(ext:)[a-z|A-Z|0-9|.|-|_]+"}]},"rubricCriterionLevel":{"type":"array","items":{"$ref":"#/$defs/RubricCriterionLevel"}},"valueMax":{"type":"string"},"valueMin":{"type":"string"}},"required":["id","type","name","resultType"],"additionalProperties":true},"RubricCriterionLevel":{"type":"object","properties":{"id":{"type":"string"},"type":{"type":"array","minItems":1,"contains":{"enum":["RubricCriterionLevel"]},"items":{"type":"string"}},"alignment":{"type":"array","items":{"$ref":"#/$defs/Alignment"}},"description":{"type":"string"},"level":{"type":"string"},"name":{"type":"string"},"points":{"type":"string"}},"required":["id","type","name"],"additionalProperties":true},"Related":{"type":"object","properties":{"id":{"type":"string"},"type":{"type":"array","minItems":1,"contains":{"enum":["Related"]},"items":{"type":"string"}},"inLanguage":{"type":"string","pattern":"^[a-z]{2,4}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$"},"version":{"type":"string"}},"required":["id","type"],"additionalProperties":true},"Profile":{"type":"object","properties":{"id":{"type":"string"},"type":{"type":"array","minItems":1,"contains":{"enum":["Profile"]},"items":{"type":"string"}},"name":{"type":"string"},"url":{"type":"string"},"phone":{"type":"string"},"description":{"type":"string"},"endorsement":{"type":"array","items":{"$ref":"#/$defs/EndorsementCredential"}},"endorsementJwt":{"type":"array","items":{"type":"string","pattern":"^[a-zA-Z0-9_-]+\\.[a-zA-Z0-9_-]*\\.[a-zA-Z0-9_-]+$"}},"image":{"$ref":"#/$defs/Image"},"email":{"type":"string"},"address":{"$ref":"#/$defs/Address"},"otherIdentifier":{"type":"array","items":{"$ref":"#/$defs/IdentifierEntry"}},"official":{"type":"string"},"parentOrg":{"$ref":"#/$defs/Profile"},"familyName":{"type":"string"},"givenName":{"type":"string"},"additionalName":{"type":"string"},"patronymicName":{"type":"string"},"honorificPrefix":{"type":"string"},"honorificSuffix":{"type":"string"},"familyNamePrefix":{"type":"string"},"dateOfBirth":{"type":"string","format":"date"}},"required":["id","type"],"additionalProperties":true},"Address":{"type":"object","properties":{"type":{"type":"array","minItems":1,"contains":{"enum":["Address"]},"items":{"type":"string"}},"addressCountry":{"type":"string"},"addressCountryCode":{"type":"string"},"addressRegion":{"type":"string"},"addressLocality":{"type":"string"},"streetAddress":{"type":"string"},"postOfficeBoxNumber":{"type":"string"},"postalCode":{"type":"string"},"geo":{"$ref":"#/$defs/GeoCoordinates"}},"required":["type"],"additionalProperties":true},"GeoCoordinates":{"type":"object","properties":{"type":{"type":"string","enum":["GeoCoordinates"]},"latitude":{"type":"number"},"longitude":{"type":"number"}},"required":["type","latitude","longitude"],"additionalProperties":true},"CredentialSchema":{"type":"object","properties":{"id":{"type":"string"},"type":{"type":"string"}},"required":["id","type"],"additionalProperties":true}}};
const schema22 = {"oneOf":[{"type":"string"},{"type":"object"}]};
const schema23 = {"type":"object","properties":{"id":{"type":"string"},"type":{"type":"string","enum":["Image"]},"caption":{"type":"string"}},"required":["id","type"],"additionalProperties":false};
const schema53 = {"type":"object","properties":{"id":{"type":"string"},"type":{"type":"array","minItems":1,"contains":{"enum":["Evidence"]},"items":{"type":"string"}},"narrative":{"type":"string"},"name":{"type":"string"},"description":{"type":"string"},"genre":{"type":"string"},"audience":{"type":"string"}},"required":["type"],"additionalProperties":true};
const schema32 = {"type":"object","properties":{"type":{"type":"string"},"created":{"type":"string","format":"date-time"},"cryptosuite":{"type":"string"},"challenge":{"type":"string"},"domain":{"type":"string"},"nonce":{"type":"string"},"proofPurpose":{"type":"string"},"proofValue":{"type":"string"},"verificationMethod":{"type":"string"}},"required":["type"],"additionalProperties":true};
const schema33 = {"type":"object","properties":{"id":{"type":"string"},"type":{"type":"string"}},"required":["id","type"],"additionalProperties":true};
const schema34 = {"type":"object","properties":{"id":{"type":"string"},"type":{"type":"string"}},"required":["id","type"],"additionalProperties":true};
const schema35 = {"type":"object","properties":{"id":{"type":"string"},"type":{"type":"string"}},"required":["id","type"],"additionalProperties":true};
const schema36 = {"type":"object","properties":{"id":{"type":"string"},"type":{"type":"string"}},"required":["type"],"additionalProperties":true};
const pattern2 = new RegExp("^https:\\/\\/purl\\.imsglobal\\.org\\/spec\\/ob\\/v3p0\\/context(-3\\.\\d\\.\\d)*\\.json$", "u");
const pattern6 = new RegExp("^[a-zA-Z0-9_-]+\\.[a-zA-Z0-9_-]*\\.[a-zA-Z0-9_-]+$", "u");
const formats0 = obFormats["date-time"];
const schema24 = {"type":"object","properties":{"id":{"type":"string"},"type":{"type":"array","minItems":1,"contains":{"enum":["AchievementSubject"]},"items":{"type":"string"}},"activityEndDate":{"type":"string","format":"date-time"},"activityStartDate":{"type":"string","format":"date-time"},"creditsEarned":{"type":"number"},"achievement":{"$ref":"#/$defs/Achievement"},"identifier":{"type":"array","items":{"$ref":"#/$defs/IdentityObject"}},"image":{"$ref":"#/$defs/Image"},"licenseNumber":{"type":"string"},"narrative":{"type":"string"},"result":{"type":"array","items":{"$ref":"#/$defs/Result"}},"role":{"type":"string"},"source":{"$ref":"#/$defs/Profile"},"term":{"type":"string"}},"required":["type","achievement"],"additionalProperties":true};
const schema49 = {"type":"object","properties":{"type":{"type":"string","enum":["IdentityObject"]},"hashed":{"type":"boolean"},"identityHash":{"type":"string"},"identityType":{"oneOf":[{"type":"string","enum":["name","sourcedId","systemId","productId","userName","accountId","emailAddress","nationalIdentityNumber","isbn","issn","lisSourcedId","oneRosterSourcedId","sisSourcedId","ltiContextId","ltiDeploymentId","ltiToolId","ltiPlatformId","ltiUserId","identifier"]},{"type":"string","pattern":"(ext:)[a-z|A-Z|0-9|.|-|_]+"}]},"salt":{"type":"string"}},"required":["type","hashed","identityHash","identityType"],"additionalProperties":false};
const schema25 = {"type":"object","properties":{"id":{"type":"string"},"type":{"type":"array","minItems":1,"contains":{"enum":["Achievement"]},"items":{"type":"string"}},"alignment":{"type":"array","items":{"$ref":"#/$defs/Alignment"}},"achievementType":{"oneOf":[{"type":"string","enum":["Achievement","ApprenticeshipCertificate","Assessment","Assignment","AssociateDegree","Award","Badge","BachelorDegree","Certificate","CertificateOfCompletion","Certification","CommunityService","Competency","Course","CoCurricular","Degree","Diploma","DoctoralDegree","Fieldwork","GeneralEducationDevelopment","JourneymanCertificate","LearningProgram","License","Membership","ProfessionalDoctorate","QualityAssuranceCredential","MasterCertificate","MasterDegree","MicroCredential","ResearchDoctorate","SecondarySchoolDiploma"]},{"type":"string","pattern":"(ext:)[a-z|A-Z|0-9|.|-|_]+"}]},"creator":{"$ref":"#/$defs/Profile"},"creditsAvailable":{"type":"number"},"criteria":{"$ref":"#/$defs/Criteria"},"description":{"type":"string"},"endorsement":{"type":"array","items":{"$ref":"#/$defs/EndorsementCredential"}},"endorsementJwt":{"type":"array","items":{"type":"string","pattern":"^[a-zA-Z0-9_-]+\\.[a-zA-Z0-9_-]*\\.[a-zA-Z0-9_-]+$"}},"fieldOfStudy":{"type":"string"},"humanCode":{"type":"string"},"image":{"$ref":"#/$defs/Image"},"inLanguage":{"type":"string","pattern":"^[a-z]{2,4}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$"},"name":{"type":"string"},"otherIdentifier":{"type":"array","items":{"$ref":"#/$defs/IdentifierEntry"}},"related":{"type":"array","items":{"$ref":"#/$defs/Related"}},"resultDescription":{"type":"array","items":{"$ref":"#/$defs/ResultDescription"}},"specialization":{"type":"string"},"tag":{"type":"array","items":{"type":"string"}},"version":{"type":"string"}},"required":["id","type","criteria","description","name"],"additionalProperties":true};
const schema26 = {"type":"object","properties":{"type":{"type":"array","minItems":1,"contains":{"enum":["Alignment"]},"items":{"type":"string"}},"targetCode":{"type":"string"},"targetDescription":{"type":"string"},"targetName":{"type":"string"},"targetFramework":{"type":"string"},"targetType":{"oneOf":[{"type":"string","enum":["ceasn:Competency","ceterms:Credential","CFItem","CFRubric","CFRubricCriterion","CFRubricCriterionLevel","CTDL"]},{"type":"string","pattern":"(ext:)[a-z|A-Z|0-9|.|-|_]+"}]},"targetUrl":{"type":"string"}},"required":["type","targetName","targetUrl"],"additionalProperties":true};
const schema41 = {"type":"object","properties":{"id":{"type":"string"},"narrative":{"type":"string"}},"required":[],"additionalProperties":true};
const schema40 = {"type":"object","properties":{"type":{"type":"string","enum":["IdentifierEntry"]},"identifier":{"type":"string"},"identifierType":{"oneOf":[{"type":"string","enum":["name","sourcedId","systemId","productId","userName","accountId","emailAddress","nationalIdentityNumber","isbn","issn","lisSourcedId","oneRosterSourcedId","sisSourcedId","ltiContextId","ltiDeploymentId","ltiToolId","ltiPlatformId","ltiUserId","identifier"]},{"type":"string","pattern":"(ext:)[a-z|A-Z|0-9|.|-|_]+"}]}},"required":["type","identifier","identifierType"],"additionalProperties":false};
const schema44 = {"type":"object","properties":{"id":{"type":"string"},"type":{"type":"array","minItems":1,"contains":{"enum":["Related"]},"items":{"type":"string"}},"inLanguage":{"type":"string","pattern":"^[a-z]{2,4}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$"},"version":{"type":"string"}},"required":["id","type"],"additionalProperties":true};
const pattern3 = new RegExp("(ext:)[a-z|A-Z|0-9|.|-|_]+", "u");
const pattern9 = new RegExp("^[a-z]{2,4}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$", "u");
const schema27 = {"type":"object","properties":{"id":{"type":"string"},"type":{"type":"array","minItems":1,"contains":{"enum":["Profile"]},"items":{"type":"string"}},"name":{"type":"string"},"url":{"type":"string"},"phone":{"type":"string"},"description":{"type":"string"},"endorsement":{"type":"array","items":{"$ref":"#/$defs/EndorsementCredential"}},"endorsementJwt":{"type":"array","items":{"type":"string","pattern":"^[a-zA-Z0-9_-]+\\.[a-zA-Z0-9_-]*\\.[a-zA-Z0-9_-]+$"}},"image":{"$ref":"#/$defs/Image"},"email":{"type":"string"},"address":{"$ref":"#/$defs/Address"},"otherIdentifier":{"type":"array","items":{"$ref":"#/$defs/IdentifierEntry"}},"official":{"type":"string"},"parentOrg":{"$ref":"#/$defs/Profile"},"familyName":{"type":"string"},"givenName":{"type":"string"},"additionalName":{"type":"string"},"patronymicName":{"type":"string"},"honorificPrefix":{"type":"string"},"honorificSuffix":{"type":"string"},"familyNamePrefix":{"type":"string"},"dateOfBirth":{"type":"string","format":"date"}},"required":["id","type"],"additionalProperties":true};
const schema28 = {"type":"object","properties":{"@context":{"type":"array","minItems":2,"items":[{"enum":["https://www.w3.org/ns/credentials/v2"]},{"type":"string","pattern":"^https:\\/\\/purl\\.imsglobal\\.org\\/spec\\/ob\\/v3p0\\/context(-3\\.\\d\\.\\d)*\\.json$"}],"additionalItems":{"$ref":"#/$defs/Context"}},"type":{"allOf":[{"type":"array","minItems":1,"contains":{"enum":["VerifiableCredential"]},"items":{"type":"string"}},{"type":"array","minItems":1,"contains":{"enum":["EndorsementCredential"]},"items":{"type":"string"}}]},"id":{"type":"string"},"name":{"type":"string"},"description":{"type":"string"},"credentialSubject":{"$ref":"#/$defs/EndorsementSubject"},"awardedDate":{"type":"string","format":"date-time"},"issuer":{"$ref":"#/$defs/ProfileRef"},"validFrom":{"type":"string","format":"date-time"},"validUntil":{"type":"string","format":"date-time"},"proof":{"type":"array","items":{"$ref":"#/$defs/Proof"}},"credentialSchema":{"type":"array","items":{"$ref":"#/$defs/CredentialSchema"}},"credentialStatus":{"$ref":"#/$defs/CredentialStatus"},"refreshService":{"$ref":"#/$defs/RefreshService"},"termsOfUse":{"type":"array","items":{"$ref":"#/$defs/TermsOfUse"}}},"required":["@context","type","id","name","credentialSubject","issuer","validFrom"],"additionalProperties":true};
const schema30 = {"type":"object","properties":{"id":{"type":"string"},"type":{"type":"array","minItems":1,"contains":{"enum":["EndorsementSubject"]},"items":{"type":"string"}},"endorsementComment":{"type":"string"}},"required":["id","type"],"additionalProperties":true};
const schema31 = {"oneOf":[{"type":"string"},{"$ref":"#/$defs/Profile"}]};
const wrapper0 = {validate: validate21};

function validate23(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate23.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
const _errs0 = errors;
let valid0 = false;
let passing0 = null;
const _errs1 = errors;
if(typeof data !== "string"){
const err0 = {instancePath,schemaPath:"#/oneOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
var _valid0 = _errs1 === errors;
if(_valid0){
valid0 = true;
passing0 = 0;
}
const _errs3 = errors;
if(!(wrapper0.validate(data, {instancePath,parentData,parentDataProperty,rootData,dynamicAnchors}))){
vErrors = vErrors === null ? wrapper0.validate.errors : vErrors.concat(wrapper0.validate.errors);
errors = vErrors.length;
}
else {
var props0 = wrapper0.validate.evaluated.props;
var items0 = wrapper0.validate.evaluated.items;
}
var _valid0 = _errs3 === errors;
if(_valid0 && valid0){
valid0 = false;
passing0 = [passing0, 1];
}
else {
if(_valid0){
valid0 = true;
passing0 = 1;
}
}
if(!valid0){
const err1 = {instancePath,schemaPath:"#/oneOf",keyword:"oneOf",params:{passingSchemas: passing0},message:"must match exactly one schema in oneOf"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
else {
errors = _errs0;
if(vErrors !== null){
if(_errs0){
vErrors.length = _errs0;
}
else {
vErrors = null;
}
}
}
validate23.errors = vErrors;
evaluated0.props = props0;
evaluated0.items = items0;
return errors === 0;
}
validate23.evaluated = {"dynamicProps":true,"dynamicItems":true};


function validate22(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate22.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data["@context"] === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "@context"},message:"must have required property '"+"@context"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.type === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.id === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(data.name === undefined){
const err3 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if(data.credentialSubject === undefined){
const err4 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "credentialSubject"},message:"must have required property '"+"credentialSubject"+"'"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
if(data.issuer === undefined){
const err5 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "issuer"},message:"must have required property '"+"issuer"+"'"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
if(data.validFrom === undefined){
const err6 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "validFrom"},message:"must have required property '"+"validFrom"+"'"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
if(data["@context"] !== undefined){
let data0 = data["@context"];
if(Array.isArray(data0)){
if(data0.length < 2){
const err7 = {instancePath:instancePath+"/@context",schemaPath:"#/properties/%40context/minItems",keyword:"minItems",params:{limit: 2},message:"must NOT have fewer than 2 items"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
const len0 = data0.length;
var valid1 = len0 <= 2;
if(!valid1){
for(let i0=2; i0<len0; i0++){
let data1 = data0[i0];
const _errs4 = errors;
const _errs6 = errors;
let valid3 = false;
let passing0 = null;
const _errs7 = errors;
if(typeof data1 !== "string"){
const err8 = {instancePath:instancePath+"/@context/" + i0,schemaPath:"#/$defs/Context/oneOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
var _valid0 = _errs7 === errors;
if(_valid0){
valid3 = true;
passing0 = 0;
}
const _errs9 = errors;
if(!(data1 && typeof data1 == "object" && !Array.isArray(data1))){
const err9 = {instancePath:instancePath+"/@context/" + i0,schemaPath:"#/$defs/Context/oneOf/1/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
var _valid0 = _errs9 === errors;
if(_valid0 && valid3){
valid3 = false;
passing0 = [passing0, 1];
}
else {
if(_valid0){
valid3 = true;
passing0 = 1;
}
}
if(!valid3){
const err10 = {instancePath:instancePath+"/@context/" + i0,schemaPath:"#/$defs/Context/oneOf",keyword:"oneOf",params:{passingSchemas: passing0},message:"must match exactly one schema in oneOf"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
else {
errors = _errs6;
if(vErrors !== null){
if(_errs6){
vErrors.length = _errs6;
}
else {
vErrors = null;
}
}
}
var valid1 = _errs4 === errors;
}
}
const len1 = data0.length;
if(len1 > 0){
if(!(data0[0] === "https://www.w3.org/ns/credentials/v2")){
const err11 = {instancePath:instancePath+"/@context/0",schemaPath:"#/properties/%40context/items/0/enum",keyword:"enum",params:{allowedValues: schema28.properties["@context"].items[0].enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
if(len1 > 1){
let data3 = data0[1];
if(typeof data3 === "string"){
if(!pattern2.test(data3)){
const err12 = {instancePath:instancePath+"/@context/1",schemaPath:"#/properties/%40context/items/1/pattern",keyword:"pattern",params:{pattern: "^https:\\/\\/purl\\.imsglobal\\.org\\/spec\\/ob\\/v3p0\\/context(-3\\.\\d\\.\\d)*\\.json$"},message:"must match pattern \""+"^https:\\/\\/purl\\.imsglobal\\.org\\/spec\\/ob\\/v3p0\\/context(-3\\.\\d\\.\\d)*\\.json$"+"\""};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
else {
const err13 = {instancePath:instancePath+"/@context/1",schemaPath:"#/properties/%40context/items/1/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
}
else {
const err14 = {instancePath:instancePath+"/@context",schemaPath:"#/properties/%40context/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
if(data.type !== undefined){
let data4 = data.type;
if(Array.isArray(data4)){
if(data4.length < 1){
const err15 = {instancePath:instancePath+"/type",schemaPath:"#/properties/type/allOf/0/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
const len2 = data4.length;
for(let i1=0; i1<len2; i1++){
if(typeof data4[i1] !== "string"){
const err16 = {instancePath:instancePath+"/type/" + i1,schemaPath:"#/properties/type/allOf/0/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
const _errs19 = errors;
const len3 = data4.length;
for(let i2=0; i2<len3; i2++){
const _errs20 = errors;
if(!(data4[i2] === "VerifiableCredential")){
const err17 = {instancePath:instancePath+"/type/" + i2,schemaPath:"#/properties/type/allOf/0/contains/enum",keyword:"enum",params:{allowedValues: schema28.properties.type.allOf[0].contains.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
var valid8 = _errs20 === errors;
if(valid8){
break;
}
}
if(!valid8){
const err18 = {instancePath:instancePath+"/type",schemaPath:"#/properties/type/allOf/0/contains",keyword:"contains",params:{minContains: 1},message:"must contain at least 1 valid item(s)"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
else {
errors = _errs19;
if(vErrors !== null){
if(_errs19){
vErrors.length = _errs19;
}
else {
vErrors = null;
}
}
}
}
else {
const err19 = {instancePath:instancePath+"/type",schemaPath:"#/properties/type/allOf/0/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
if(Array.isArray(data4)){
if(data4.length < 1){
const err20 = {instancePath:instancePath+"/type",schemaPath:"#/properties/type/allOf/1/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items"};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
const len4 = data4.length;
for(let i3=0; i3<len4; i3++){
if(typeof data4[i3] !== "string"){
const err21 = {instancePath:instancePath+"/type/" + i3,schemaPath:"#/properties/type/allOf/1/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
const _errs25 = errors;
const len5 = data4.length;
for(let i4=0; i4<len5; i4++){
const _errs26 = errors;
if(!(data4[i4] === "EndorsementCredential")){
const err22 = {instancePath:instancePath+"/type/" + i4,schemaPath:"#/properties/type/allOf/1/contains/enum",keyword:"enum",params:{allowedValues: schema28.properties.type.allOf[1].contains.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
var valid11 = _errs26 === errors;
if(valid11){
break;
}
}
if(!valid11){
const err23 = {instancePath:instancePath+"/type",schemaPath:"#/properties/type/allOf/1/contains",keyword:"contains",params:{minContains: 1},message:"must contain at least 1 valid item(s)"};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
else {
errors = _errs25;
if(vErrors !== null){
if(_errs25){
vErrors.length = _errs25;
}
else {
vErrors = null;
}
}
}
}
else {
const err24 = {instancePath:instancePath+"/type",schemaPath:"#/properties/type/allOf/1/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
if(data.id !== undefined){
if(typeof data.id !== "string"){
const err25 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
if(data.name !== undefined){
if(typeof data.name !== "string"){
const err26 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
if(data.description !== undefined){
if(typeof data.description !== "string"){
const err27 = {instancePath:instancePath+"/description",schemaPath:"#/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
if(data.credentialSubject !== undefined){
let data12 = data.credentialSubject;
if(data12 && typeof data12 == "object" && !Array.isArray(data12)){
if(data12.id === undefined){
const err28 = {instancePath:instancePath+"/credentialSubject",schemaPath:"#/$defs/EndorsementSubject/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'"};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
if(data12.type === undefined){
const err29 = {instancePath:instancePath+"/credentialSubject",schemaPath:"#/$defs/EndorsementSubject/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'"};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
if(data12.id !== undefined){
if(typeof data12.id !== "string"){
const err30 = {instancePath:instancePath+"/credentialSubject/id",schemaPath:"#/$defs/EndorsementSubject/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
if(data12.type !== undefined){
let data14 = data12.type;
if(Array.isArray(data14)){
if(data14.length < 1){
const err31 = {instancePath:instancePath+"/credentialSubject/type",schemaPath:"#/$defs/EndorsementSubject/properties/type/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items"};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
const len6 = data14.length;
for(let i5=0; i5<len6; i5++){
if(typeof data14[i5] !== "string"){
const err32 = {instancePath:instancePath+"/credentialSubject/type/" + i5,schemaPath:"#/$defs/EndorsementSubject/properties/type/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
const _errs43 = errors;
const len7 = data14.length;
for(let i6=0; i6<len7; i6++){
const _errs44 = errors;
if(!(data14[i6] === "EndorsementSubject")){
const err33 = {instancePath:instancePath+"/credentialSubject/type/" + i6,schemaPath:"#/$defs/EndorsementSubject/properties/type/contains/enum",keyword:"enum",params:{allowedValues: schema30.properties.type.contains.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
var valid16 = _errs44 === errors;
if(valid16){
break;
}
}
if(!valid16){
const err34 = {instancePath:instancePath+"/credentialSubject/type",schemaPath:"#/$defs/EndorsementSubject/properties/type/contains",keyword:"contains",params:{minContains: 1},message:"must contain at least 1 valid item(s)"};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
else {
errors = _errs43;
if(vErrors !== null){
if(_errs43){
vErrors.length = _errs43;
}
else {
vErrors = null;
}
}
}
}
else {
const err35 = {instancePath:instancePath+"/credentialSubject/type",schemaPath:"#/$defs/EndorsementSubject/properties/type/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
if(data12.endorsementComment !== undefined){
if(typeof data12.endorsementComment !== "string"){
const err36 = {instancePath:instancePath+"/credentialSubject/endorsementComment",schemaPath:"#/$defs/EndorsementSubject/properties/endorsementComment/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
}
else {
const err37 = {instancePath:instancePath+"/credentialSubject",schemaPath:"#/$defs/EndorsementSubject/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
if(data.awardedDate !== undefined){
let data18 = data.awardedDate;
if(typeof data18 === "string"){
if(!(formats0.validate(data18))){
const err38 = {instancePath:instancePath+"/awardedDate",schemaPath:"#/properties/awardedDate/format",keyword:"format",params:{format: "date-time"},message:"must match format \""+"date-time"+"\""};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
else {
const err39 = {instancePath:instancePath+"/awardedDate",schemaPath:"#/properties/awardedDate/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
}
if(data.issuer !== undefined){
if(!(validate23(data.issuer, {instancePath:instancePath+"/issuer",parentData:data,parentDataProperty:"issuer",rootData,dynamicAnchors}))){
vErrors = vErrors === null ? validate23.errors : vErrors.concat(validate23.errors);
errors = vErrors.length;
}
}
if(data.validFrom !== undefined){
let data20 = data.validFrom;
if(typeof data20 === "string"){
if(!(formats0.validate(data20))){
const err40 = {instancePath:instancePath+"/validFrom",schemaPath:"#/properties/validFrom/format",keyword:"format",params:{format: "date-time"},message:"must match format \""+"date-time"+"\""};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
else {
const err41 = {instancePath:instancePath+"/validFrom",schemaPath:"#/properties/validFrom/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
}
if(data.validUntil !== undefined){
let data21 = data.validUntil;
if(typeof data21 === "string"){
if(!(formats0.validate(data21))){
const err42 = {instancePath:instancePath+"/validUntil",schemaPath:"#/properties/validUntil/format",keyword:"format",params:{format: "date-time"},message:"must match format \""+"date-time"+"\""};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
}
else {
const err43 = {instancePath:instancePath+"/validUntil",schemaPath:"#/properties/validUntil/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
}
if(data.proof !== undefined){
let data22 = data.proof;
if(Array.isArray(data22)){
const len8 = data22.length;
for(let i7=0; i7<len8; i7++){
let data23 = data22[i7];
if(data23 && typeof data23 == "object" && !Array.isArray(data23)){
if(data23.type === undefined){
const err44 = {instancePath:instancePath+"/proof/" + i7,schemaPath:"#/$defs/Proof/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'"};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
if(data23.type !== undefined){
if(typeof data23.type !== "string"){
const err45 = {instancePath:instancePath+"/proof/" + i7+"/type",schemaPath:"#/$defs/Proof/properties/type/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
}
if(data23.created !== undefined){
let data25 = data23.created;
if(typeof data25 === "string"){
if(!(formats0.validate(data25))){
const err46 = {instancePath:instancePath+"/proof/" + i7+"/created",schemaPath:"#/$defs/Proof/properties/created/format",keyword:"format",params:{format: "date-time"},message:"must match format \""+"date-time"+"\""};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
}
else {
const err47 = {instancePath:instancePath+"/proof/" + i7+"/created",schemaPath:"#/$defs/Proof/properties/created/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
}
if(data23.cryptosuite !== undefined){
if(typeof data23.cryptosuite !== "string"){
const err48 = {instancePath:instancePath+"/proof/" + i7+"/cryptosuite",schemaPath:"#/$defs/Proof/properties/cryptosuite/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
}
if(data23.challenge !== undefined){
if(typeof data23.challenge !== "string"){
const err49 = {instancePath:instancePath+"/proof/" + i7+"/challenge",schemaPath:"#/$defs/Proof/properties/challenge/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
}
if(data23.domain !== undefined){
if(typeof data23.domain !== "string"){
const err50 = {instancePath:instancePath+"/proof/" + i7+"/domain",schemaPath:"#/$defs/Proof/properties/domain/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
}
if(data23.nonce !== undefined){
if(typeof data23.nonce !== "string"){
const err51 = {instancePath:instancePath+"/proof/" + i7+"/nonce",schemaPath:"#/$defs/Proof/properties/nonce/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
}
if(data23.proofPurpose !== undefined){
if(typeof data23.proofPurpose !== "string"){
const err52 = {instancePath:instancePath+"/proof/" + i7+"/proofPurpose",schemaPath:"#/$defs/Proof/properties/proofPurpose/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
}
}
if(data23.proofValue !== undefined){
if(typeof data23.proofValue !== "string"){
const err53 = {instancePath:instancePath+"/proof/" + i7+"/proofValue",schemaPath:"#/$defs/Proof/properties/proofValue/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
}
if(data23.verificationMethod !== undefined){
if(typeof data23.verificationMethod !== "string"){
const err54 = {instancePath:instancePath+"/proof/" + i7+"/verificationMethod",schemaPath:"#/$defs/Proof/properties/verificationMethod/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
}
}
else {
const err55 = {instancePath:instancePath+"/proof/" + i7,schemaPath:"#/$defs/Proof/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
}
}
}
else {
const err56 = {instancePath:instancePath+"/proof",schemaPath:"#/properties/proof/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err56];
}
else {
vErrors.push(err56);
}
errors++;
}
}
if(data.credentialSchema !== undefined){
let data33 = data.credentialSchema;
if(Array.isArray(data33)){
const len9 = data33.length;
for(let i8=0; i8<len9; i8++){
let data34 = data33[i8];
if(data34 && typeof data34 == "object" && !Array.isArray(data34)){
if(data34.id === undefined){
const err57 = {instancePath:instancePath+"/credentialSchema/" + i8,schemaPath:"#/$defs/CredentialSchema/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'"};
if(vErrors === null){
vErrors = [err57];
}
else {
vErrors.push(err57);
}
errors++;
}
if(data34.type === undefined){
const err58 = {instancePath:instancePath+"/credentialSchema/" + i8,schemaPath:"#/$defs/CredentialSchema/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'"};
if(vErrors === null){
vErrors = [err58];
}
else {
vErrors.push(err58);
}
errors++;
}
if(data34.id !== undefined){
if(typeof data34.id !== "string"){
const err59 = {instancePath:instancePath+"/credentialSchema/" + i8+"/id",schemaPath:"#/$defs/CredentialSchema/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err59];
}
else {
vErrors.push(err59);
}
errors++;
}
}
if(data34.type !== undefined){
if(typeof data34.type !== "string"){
const err60 = {instancePath:instancePath+"/credentialSchema/" + i8+"/type",schemaPath:"#/$defs/CredentialSchema/properties/type/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err60];
}
else {
vErrors.push(err60);
}
errors++;
}
}
}
else {
const err61 = {instancePath:instancePath+"/credentialSchema/" + i8,schemaPath:"#/$defs/CredentialSchema/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err61];
}
else {
vErrors.push(err61);
}
errors++;
}
}
}
else {
const err62 = {instancePath:instancePath+"/credentialSchema",schemaPath:"#/properties/credentialSchema/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err62];
}
else {
vErrors.push(err62);
}
errors++;
}
}
if(data.credentialStatus !== undefined){
let data37 = data.credentialStatus;
if(data37 && typeof data37 == "object" && !Array.isArray(data37)){
if(data37.id === undefined){
const err63 = {instancePath:instancePath+"/credentialStatus",schemaPath:"#/$defs/CredentialStatus/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'"};
if(vErrors === null){
vErrors = [err63];
}
else {
vErrors.push(err63);
}
errors++;
}
if(data37.type === undefined){
const err64 = {instancePath:instancePath+"/credentialStatus",schemaPath:"#/$defs/CredentialStatus/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'"};
if(vErrors === null){
vErrors = [err64];
}
else {
vErrors.push(err64);
}
errors++;
}
if(data37.id !== undefined){
if(typeof data37.id !== "string"){
const err65 = {instancePath:instancePath+"/credentialStatus/id",schemaPath:"#/$defs/CredentialStatus/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err65];
}
else {
vErrors.push(err65);
}
errors++;
}
}
if(data37.type !== undefined){
if(typeof data37.type !== "string"){
const err66 = {instancePath:instancePath+"/credentialStatus/type",schemaPath:"#/$defs/CredentialStatus/properties/type/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err66];
}
else {
vErrors.push(err66);
}
errors++;
}
}
}
else {
const err67 = {instancePath:instancePath+"/credentialStatus",schemaPath:"#/$defs/CredentialStatus/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err67];
}
else {
vErrors.push(err67);
}
errors++;
}
}
if(data.refreshService !== undefined){
let data40 = data.refreshService;
if(data40 && typeof data40 == "object" && !Array.isArray(data40)){
if(data40.id === undefined){
const err68 = {instancePath:instancePath+"/refreshService",schemaPath:"#/$defs/RefreshService/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'"};
if(vErrors === null){
vErrors = [err68];
}
else {
vErrors.push(err68);
}
errors++;
}
if(data40.type === undefined){
const err69 = {instancePath:instancePath+"/refreshService",schemaPath:"#/$defs/RefreshService/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'"};
if(vErrors === null){
vErrors = [err69];
}
else {
vErrors.push(err69);
}
errors++;
}
if(data40.id !== undefined){
if(typeof data40.id !== "string"){
const err70 = {instancePath:instancePath+"/refreshService/id",schemaPath:"#/$defs/RefreshService/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err70];
}
else {
vErrors.push(err70);
}
errors++;
}
}
if(data40.type !== undefined){
if(typeof data40.type !== "string"){
const err71 = {instancePath:instancePath+"/refreshService/type",schemaPath:"#/$defs/RefreshService/properties/type/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err71];
}
else {
vErrors.push(err71);
}
errors++;
}
}
}
else {
const err72 = {instancePath:instancePath+"/refreshService",schemaPath:"#/$defs/RefreshService/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err72];
}
else {
vErrors.push(err72);
}
errors++;
}
}
if(data.termsOfUse !== undefined){
let data43 = data.termsOfUse;
if(Array.isArray(data43)){
const len10 = data43.length;
for(let i9=0; i9<len10; i9++){
let data44 = data43[i9];
if(data44 && typeof data44 == "object" && !Array.isArray(data44)){
if(data44.type === undefined){
const err73 = {instancePath:instancePath+"/termsOfUse/" + i9,schemaPath:"#/$defs/TermsOfUse/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'"};
if(vErrors === null){
vErrors = [err73];
}
else {
vErrors.push(err73);
}
errors++;
}
if(data44.id !== undefined){
if(typeof data44.id !== "string"){
const err74 = {instancePath:instancePath+"/termsOfUse/" + i9+"/id",schemaPath:"#/$defs/TermsOfUse/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err74];
}
else {
vErrors.push(err74);
}
errors++;
}
}
if(data44.type !== undefined){
if(typeof data44.type !== "string"){
const err75 = {instancePath:instancePath+"/termsOfUse/" + i9+"/type",schemaPath:"#/$defs/TermsOfUse/properties/type/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err75];
}
else {
vErrors.push(err75);
}
errors++;
}
}
}
else {
const err76 = {instancePath:instancePath+"/termsOfUse/" + i9,schemaPath:"#/$defs/TermsOfUse/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err76];
}
else {
vErrors.push(err76);
}
errors++;
}
}
}
else {
const err77 = {instancePath:instancePath+"/termsOfUse",schemaPath:"#/properties/termsOfUse/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err77];
}
else {
vErrors.push(err77);
}
errors++;
}
}
}
else {
const err78 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err78];
}
else {
vErrors.push(err78);
}
errors++;
}
validate22.errors = vErrors;
return errors === 0;
}
validate22.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

const schema38 = {"type":"object","properties":{"type":{"type":"array","minItems":1,"contains":{"enum":["Address"]},"items":{"type":"string"}},"addressCountry":{"type":"string"},"addressCountryCode":{"type":"string"},"addressRegion":{"type":"string"},"addressLocality":{"type":"string"},"streetAddress":{"type":"string"},"postOfficeBoxNumber":{"type":"string"},"postalCode":{"type":"string"},"geo":{"$ref":"#/$defs/GeoCoordinates"}},"required":["type"],"additionalProperties":true};
const schema39 = {"type":"object","properties":{"type":{"type":"string","enum":["GeoCoordinates"]},"latitude":{"type":"number"},"longitude":{"type":"number"}},"required":["type","latitude","longitude"],"additionalProperties":true};

function validate26(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate26.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.type === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.type !== undefined){
let data0 = data.type;
if(Array.isArray(data0)){
if(data0.length < 1){
const err1 = {instancePath:instancePath+"/type",schemaPath:"#/properties/type/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
const len0 = data0.length;
for(let i0=0; i0<len0; i0++){
if(typeof data0[i0] !== "string"){
const err2 = {instancePath:instancePath+"/type/" + i0,schemaPath:"#/properties/type/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
const _errs6 = errors;
const len1 = data0.length;
for(let i1=0; i1<len1; i1++){
const _errs7 = errors;
if(!(data0[i1] === "Address")){
const err3 = {instancePath:instancePath+"/type/" + i1,schemaPath:"#/properties/type/contains/enum",keyword:"enum",params:{allowedValues: schema38.properties.type.contains.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
var valid3 = _errs7 === errors;
if(valid3){
break;
}
}
if(!valid3){
const err4 = {instancePath:instancePath+"/type",schemaPath:"#/properties/type/contains",keyword:"contains",params:{minContains: 1},message:"must contain at least 1 valid item(s)"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
else {
errors = _errs6;
if(vErrors !== null){
if(_errs6){
vErrors.length = _errs6;
}
else {
vErrors = null;
}
}
}
}
else {
const err5 = {instancePath:instancePath+"/type",schemaPath:"#/properties/type/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.addressCountry !== undefined){
if(typeof data.addressCountry !== "string"){
const err6 = {instancePath:instancePath+"/addressCountry",schemaPath:"#/properties/addressCountry/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.addressCountryCode !== undefined){
if(typeof data.addressCountryCode !== "string"){
const err7 = {instancePath:instancePath+"/addressCountryCode",schemaPath:"#/properties/addressCountryCode/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data.addressRegion !== undefined){
if(typeof data.addressRegion !== "string"){
const err8 = {instancePath:instancePath+"/addressRegion",schemaPath:"#/properties/addressRegion/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data.addressLocality !== undefined){
if(typeof data.addressLocality !== "string"){
const err9 = {instancePath:instancePath+"/addressLocality",schemaPath:"#/properties/addressLocality/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
if(data.streetAddress !== undefined){
if(typeof data.streetAddress !== "string"){
const err10 = {instancePath:instancePath+"/streetAddress",schemaPath:"#/properties/streetAddress/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data.postOfficeBoxNumber !== undefined){
if(typeof data.postOfficeBoxNumber !== "string"){
const err11 = {instancePath:instancePath+"/postOfficeBoxNumber",schemaPath:"#/properties/postOfficeBoxNumber/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
if(data.postalCode !== undefined){
if(typeof data.postalCode !== "string"){
const err12 = {instancePath:instancePath+"/postalCode",schemaPath:"#/properties/postalCode/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
if(data.geo !== undefined){
let data10 = data.geo;
if(data10 && typeof data10 == "object" && !Array.isArray(data10)){
if(data10.type === undefined){
const err13 = {instancePath:instancePath+"/geo",schemaPath:"#/$defs/GeoCoordinates/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
if(data10.latitude === undefined){
const err14 = {instancePath:instancePath+"/geo",schemaPath:"#/$defs/GeoCoordinates/required",keyword:"required",params:{missingProperty: "latitude"},message:"must have required property '"+"latitude"+"'"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
if(data10.longitude === undefined){
const err15 = {instancePath:instancePath+"/geo",schemaPath:"#/$defs/GeoCoordinates/required",keyword:"required",params:{missingProperty: "longitude"},message:"must have required property '"+"longitude"+"'"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
if(data10.type !== undefined){
let data11 = data10.type;
if(typeof data11 !== "string"){
const err16 = {instancePath:instancePath+"/geo/type",schemaPath:"#/$defs/GeoCoordinates/properties/type/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
if(!(data11 === "GeoCoordinates")){
const err17 = {instancePath:instancePath+"/geo/type",schemaPath:"#/$defs/GeoCoordinates/properties/type/enum",keyword:"enum",params:{allowedValues: schema39.properties.type.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
if(data10.latitude !== undefined){
if(!(typeof data10.latitude == "number")){
const err18 = {instancePath:instancePath+"/geo/latitude",schemaPath:"#/$defs/GeoCoordinates/properties/latitude/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
if(data10.longitude !== undefined){
if(!(typeof data10.longitude == "number")){
const err19 = {instancePath:instancePath+"/geo/longitude",schemaPath:"#/$defs/GeoCoordinates/properties/longitude/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
}
else {
const err20 = {instancePath:instancePath+"/geo",schemaPath:"#/$defs/GeoCoordinates/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
}
else {
const err21 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
validate26.errors = vErrors;
return errors === 0;
}
validate26.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

const formats14 = obFormats.date;

function validate21(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate21.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.id === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.type === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.id !== undefined){
if(typeof data.id !== "string"){
const err2 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.type !== undefined){
let data1 = data.type;
if(Array.isArray(data1)){
if(data1.length < 1){
const err3 = {instancePath:instancePath+"/type",schemaPath:"#/properties/type/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
const len0 = data1.length;
for(let i0=0; i0<len0; i0++){
if(typeof data1[i0] !== "string"){
const err4 = {instancePath:instancePath+"/type/" + i0,schemaPath:"#/properties/type/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
const _errs8 = errors;
const len1 = data1.length;
for(let i1=0; i1<len1; i1++){
const _errs9 = errors;
if(!(data1[i1] === "Profile")){
const err5 = {instancePath:instancePath+"/type/" + i1,schemaPath:"#/properties/type/contains/enum",keyword:"enum",params:{allowedValues: schema27.properties.type.contains.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
var valid3 = _errs9 === errors;
if(valid3){
break;
}
}
if(!valid3){
const err6 = {instancePath:instancePath+"/type",schemaPath:"#/properties/type/contains",keyword:"contains",params:{minContains: 1},message:"must contain at least 1 valid item(s)"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
else {
errors = _errs8;
if(vErrors !== null){
if(_errs8){
vErrors.length = _errs8;
}
else {
vErrors = null;
}
}
}
}
else {
const err7 = {instancePath:instancePath+"/type",schemaPath:"#/properties/type/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data.name !== undefined){
if(typeof data.name !== "string"){
const err8 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data.url !== undefined){
if(typeof data.url !== "string"){
const err9 = {instancePath:instancePath+"/url",schemaPath:"#/properties/url/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
if(data.phone !== undefined){
if(typeof data.phone !== "string"){
const err10 = {instancePath:instancePath+"/phone",schemaPath:"#/properties/phone/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data.description !== undefined){
if(typeof data.description !== "string"){
const err11 = {instancePath:instancePath+"/description",schemaPath:"#/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
if(data.endorsement !== undefined){
let data8 = data.endorsement;
if(Array.isArray(data8)){
const len2 = data8.length;
for(let i2=0; i2<len2; i2++){
if(!(validate22(data8[i2], {instancePath:instancePath+"/endorsement/" + i2,parentData:data8,parentDataProperty:i2,rootData,dynamicAnchors}))){
vErrors = vErrors === null ? validate22.errors : vErrors.concat(validate22.errors);
errors = vErrors.length;
}
}
}
else {
const err12 = {instancePath:instancePath+"/endorsement",schemaPath:"#/properties/endorsement/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
if(data.endorsementJwt !== undefined){
let data10 = data.endorsementJwt;
if(Array.isArray(data10)){
const len3 = data10.length;
for(let i3=0; i3<len3; i3++){
let data11 = data10[i3];
if(typeof data11 === "string"){
if(!pattern6.test(data11)){
const err13 = {instancePath:instancePath+"/endorsementJwt/" + i3,schemaPath:"#/properties/endorsementJwt/items/pattern",keyword:"pattern",params:{pattern: "^[a-zA-Z0-9_-]+\\.[a-zA-Z0-9_-]*\\.[a-zA-Z0-9_-]+$"},message:"must match pattern \""+"^[a-zA-Z0-9_-]+\\.[a-zA-Z0-9_-]*\\.[a-zA-Z0-9_-]+$"+"\""};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
else {
const err14 = {instancePath:instancePath+"/endorsementJwt/" + i3,schemaPath:"#/properties/endorsementJwt/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
}
else {
const err15 = {instancePath:instancePath+"/endorsementJwt",schemaPath:"#/properties/endorsementJwt/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
if(data.image !== undefined){
let data12 = data.image;
if(data12 && typeof data12 == "object" && !Array.isArray(data12)){
if(data12.id === undefined){
const err16 = {instancePath:instancePath+"/image",schemaPath:"#/$defs/Image/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
if(data12.type === undefined){
const err17 = {instancePath:instancePath+"/image",schemaPath:"#/$defs/Image/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
for(const key0 in data12){
if(!(((key0 === "id") || (key0 === "type")) || (key0 === "caption"))){
const err18 = {instancePath:instancePath+"/image",schemaPath:"#/$defs/Image/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
if(data12.id !== undefined){
if(typeof data12.id !== "string"){
const err19 = {instancePath:instancePath+"/image/id",schemaPath:"#/$defs/Image/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
if(data12.type !== undefined){
let data14 = data12.type;
if(typeof data14 !== "string"){
const err20 = {instancePath:instancePath+"/image/type",schemaPath:"#/$defs/Image/properties/type/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
if(!(data14 === "Image")){
const err21 = {instancePath:instancePath+"/image/type",schemaPath:"#/$defs/Image/properties/type/enum",keyword:"enum",params:{allowedValues: schema23.properties.type.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
if(data12.caption !== undefined){
if(typeof data12.caption !== "string"){
const err22 = {instancePath:instancePath+"/image/caption",schemaPath:"#/$defs/Image/properties/caption/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
}
else {
const err23 = {instancePath:instancePath+"/image",schemaPath:"#/$defs/Image/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
if(data.email !== undefined){
if(typeof data.email !== "string"){
const err24 = {instancePath:instancePath+"/email",schemaPath:"#/properties/email/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
if(data.address !== undefined){
if(!(validate26(data.address, {instancePath:instancePath+"/address",parentData:data,parentDataProperty:"address",rootData,dynamicAnchors}))){
vErrors = vErrors === null ? validate26.errors : vErrors.concat(validate26.errors);
errors = vErrors.length;
}
}
if(data.otherIdentifier !== undefined){
let data18 = data.otherIdentifier;
if(Array.isArray(data18)){
const len4 = data18.length;
for(let i4=0; i4<len4; i4++){
let data19 = data18[i4];
if(data19 && typeof data19 == "object" && !Array.isArray(data19)){
if(data19.type === undefined){
const err25 = {instancePath:instancePath+"/otherIdentifier/" + i4,schemaPath:"#/$defs/IdentifierEntry/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'"};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
if(data19.identifier === undefined){
const err26 = {instancePath:instancePath+"/otherIdentifier/" + i4,schemaPath:"#/$defs/IdentifierEntry/required",keyword:"required",params:{missingProperty: "identifier"},message:"must have required property '"+"identifier"+"'"};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
if(data19.identifierType === undefined){
const err27 = {instancePath:instancePath+"/otherIdentifier/" + i4,schemaPath:"#/$defs/IdentifierEntry/required",keyword:"required",params:{missingProperty: "identifierType"},message:"must have required property '"+"identifierType"+"'"};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
for(const key1 in data19){
if(!(((key1 === "type") || (key1 === "identifier")) || (key1 === "identifierType"))){
const err28 = {instancePath:instancePath+"/otherIdentifier/" + i4,schemaPath:"#/$defs/IdentifierEntry/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
if(data19.type !== undefined){
let data20 = data19.type;
if(typeof data20 !== "string"){
const err29 = {instancePath:instancePath+"/otherIdentifier/" + i4+"/type",schemaPath:"#/$defs/IdentifierEntry/properties/type/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
if(!(data20 === "IdentifierEntry")){
const err30 = {instancePath:instancePath+"/otherIdentifier/" + i4+"/type",schemaPath:"#/$defs/IdentifierEntry/properties/type/enum",keyword:"enum",params:{allowedValues: schema40.properties.type.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
if(data19.identifier !== undefined){
if(typeof data19.identifier !== "string"){
const err31 = {instancePath:instancePath+"/otherIdentifier/" + i4+"/identifier",schemaPath:"#/$defs/IdentifierEntry/properties/identifier/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
if(data19.identifierType !== undefined){
let data22 = data19.identifierType;
const _errs49 = errors;
let valid14 = false;
let passing0 = null;
const _errs50 = errors;
if(typeof data22 !== "string"){
const err32 = {instancePath:instancePath+"/otherIdentifier/" + i4+"/identifierType",schemaPath:"#/$defs/IdentifierEntry/properties/identifierType/oneOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
if(!(((((((((((((((((((data22 === "name") || (data22 === "sourcedId")) || (data22 === "systemId")) || (data22 === "productId")) || (data22 === "userName")) || (data22 === "accountId")) || (data22 === "emailAddress")) || (data22 === "nationalIdentityNumber")) || (data22 === "isbn")) || (data22 === "issn")) || (data22 === "lisSourcedId")) || (data22 === "oneRosterSourcedId")) || (data22 === "sisSourcedId")) || (data22 === "ltiContextId")) || (data22 === "ltiDeploymentId")) || (data22 === "ltiToolId")) || (data22 === "ltiPlatformId")) || (data22 === "ltiUserId")) || (data22 === "identifier"))){
const err33 = {instancePath:instancePath+"/otherIdentifier/" + i4+"/identifierType",schemaPath:"#/$defs/IdentifierEntry/properties/identifierType/oneOf/0/enum",keyword:"enum",params:{allowedValues: schema40.properties.identifierType.oneOf[0].enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
var _valid0 = _errs50 === errors;
if(_valid0){
valid14 = true;
passing0 = 0;
}
const _errs52 = errors;
if(typeof data22 === "string"){
if(!pattern3.test(data22)){
const err34 = {instancePath:instancePath+"/otherIdentifier/" + i4+"/identifierType",schemaPath:"#/$defs/IdentifierEntry/properties/identifierType/oneOf/1/pattern",keyword:"pattern",params:{pattern: "(ext:)[a-z|A-Z|0-9|.|-|_]+"},message:"must match pattern \""+"(ext:)[a-z|A-Z|0-9|.|-|_]+"+"\""};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
}
else {
const err35 = {instancePath:instancePath+"/otherIdentifier/" + i4+"/identifierType",schemaPath:"#/$defs/IdentifierEntry/properties/identifierType/oneOf/1/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
var _valid0 = _errs52 === errors;
if(_valid0 && valid14){
valid14 = false;
passing0 = [passing0, 1];
}
else {
if(_valid0){
valid14 = true;
passing0 = 1;
}
}
if(!valid14){
const err36 = {instancePath:instancePath+"/otherIdentifier/" + i4+"/identifierType",schemaPath:"#/$defs/IdentifierEntry/properties/identifierType/oneOf",keyword:"oneOf",params:{passingSchemas: passing0},message:"must match exactly one schema in oneOf"};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
else {
errors = _errs49;
if(vErrors !== null){
if(_errs49){
vErrors.length = _errs49;
}
else {
vErrors = null;
}
}
}
}
}
else {
const err37 = {instancePath:instancePath+"/otherIdentifier/" + i4,schemaPath:"#/$defs/IdentifierEntry/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
}
else {
const err38 = {instancePath:instancePath+"/otherIdentifier",schemaPath:"#/properties/otherIdentifier/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
if(data.official !== undefined){
if(typeof data.official !== "string"){
const err39 = {instancePath:instancePath+"/official",schemaPath:"#/properties/official/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
}
if(data.parentOrg !== undefined){
if(!(wrapper0.validate(data.parentOrg, {instancePath:instancePath+"/parentOrg",parentData:data,parentDataProperty:"parentOrg",rootData,dynamicAnchors}))){
vErrors = vErrors === null ? wrapper0.validate.errors : vErrors.concat(wrapper0.validate.errors);
errors = vErrors.length;
}
}
if(data.familyName !== undefined){
if(typeof data.familyName !== "string"){
const err40 = {instancePath:instancePath+"/familyName",schemaPath:"#/properties/familyName/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
if(data.givenName !== undefined){
if(typeof data.givenName !== "string"){
const err41 = {instancePath:instancePath+"/givenName",schemaPath:"#/properties/givenName/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
}
if(data.additionalName !== undefined){
if(typeof data.additionalName !== "string"){
const err42 = {instancePath:instancePath+"/additionalName",schemaPath:"#/properties/additionalName/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
}
if(data.patronymicName !== undefined){
if(typeof data.patronymicName !== "string"){
const err43 = {instancePath:instancePath+"/patronymicName",schemaPath:"#/properties/patronymicName/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
}
if(data.honorificPrefix !== undefined){
if(typeof data.honorificPrefix !== "string"){
const err44 = {instancePath:instancePath+"/honorificPrefix",schemaPath:"#/properties/honorificPrefix/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
}
if(data.honorificSuffix !== undefined){
if(typeof data.honorificSuffix !== "string"){
const err45 = {instancePath:instancePath+"/honorificSuffix",schemaPath:"#/properties/honorificSuffix/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
}
if(data.familyNamePrefix !== undefined){
if(typeof data.familyNamePrefix !== "string"){
const err46 = {instancePath:instancePath+"/familyNamePrefix",schemaPath:"#/properties/familyNamePrefix/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
}
if(data.dateOfBirth !== undefined){
let data32 = data.dateOfBirth;
if(typeof data32 === "string"){
if(!(formats14.validate(data32))){
const err47 = {instancePath:instancePath+"/dateOfBirth",schemaPath:"#/properties/dateOfBirth/format",keyword:"format",params:{format: "date"},message:"must match format \""+"date"+"\""};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
}
else {
const err48 = {instancePath:instancePath+"/dateOfBirth",schemaPath:"#/properties/dateOfBirth/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
}
}
else {
const err49 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
validate21.errors = vErrors;
return errors === 0;
}
validate21.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

const schema45 = {"type":"object","properties":{"id":{"type":"string"},"type":{"type":"array","minItems":1,"contains":{"enum":["ResultDescription"]},"items":{"type":"string"}},"alignment":{"type":"array","items":{"$ref":"#/$defs/Alignment"}},"allowedValue":{"type":"array","items":{"type":"string"}},"name":{"type":"string"},"requiredLevel":{"type":"string"},"requiredValue":{"type":"string"},"resultType":{"oneOf":[{"type":"string","enum":["GradePointAverage","LetterGrade","Percent","PerformanceLevel","PredictedScore","RawScore","Result","RubricCriterion","RubricCriterionLevel","RubricScore","ScaledScore","Status"]},{"type":"string","pattern":"(ext:)[a-z|A-Z|0-9|.|-|_]+"}]},"rubricCriterionLevel":{"type":"array","items":{"$ref":"#/$defs/RubricCriterionLevel"}},"valueMax":{"type":"string"},"valueMin":{"type":"string"}},"required":["id","type","name","resultType"],"additionalProperties":true};
const schema47 = {"type":"object","properties":{"id":{"type":"string"},"type":{"type":"array","minItems":1,"contains":{"enum":["RubricCriterionLevel"]},"items":{"type":"string"}},"alignment":{"type":"array","items":{"$ref":"#/$defs/Alignment"}},"description":{"type":"string"},"level":{"type":"string"},"name":{"type":"string"},"points":{"type":"string"}},"required":["id","type","name"],"additionalProperties":true};

function validate31(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate31.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.id === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.type === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.name === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(data.id !== undefined){
if(typeof data.id !== "string"){
const err3 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.type !== undefined){
let data1 = data.type;
if(Array.isArray(data1)){
if(data1.length < 1){
const err4 = {instancePath:instancePath+"/type",schemaPath:"#/properties/type/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
const len0 = data1.length;
for(let i0=0; i0<len0; i0++){
if(typeof data1[i0] !== "string"){
const err5 = {instancePath:instancePath+"/type/" + i0,schemaPath:"#/properties/type/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
const _errs8 = errors;
const len1 = data1.length;
for(let i1=0; i1<len1; i1++){
const _errs9 = errors;
if(!(data1[i1] === "RubricCriterionLevel")){
const err6 = {instancePath:instancePath+"/type/" + i1,schemaPath:"#/properties/type/contains/enum",keyword:"enum",params:{allowedValues: schema47.properties.type.contains.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
var valid3 = _errs9 === errors;
if(valid3){
break;
}
}
if(!valid3){
const err7 = {instancePath:instancePath+"/type",schemaPath:"#/properties/type/contains",keyword:"contains",params:{minContains: 1},message:"must contain at least 1 valid item(s)"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
else {
errors = _errs8;
if(vErrors !== null){
if(_errs8){
vErrors.length = _errs8;
}
else {
vErrors = null;
}
}
}
}
else {
const err8 = {instancePath:instancePath+"/type",schemaPath:"#/properties/type/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data.alignment !== undefined){
let data4 = data.alignment;
if(Array.isArray(data4)){
const len2 = data4.length;
for(let i2=0; i2<len2; i2++){
let data5 = data4[i2];
if(data5 && typeof data5 == "object" && !Array.isArray(data5)){
if(data5.type === undefined){
const err9 = {instancePath:instancePath+"/alignment/" + i2,schemaPath:"#/$defs/Alignment/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
if(data5.targetName === undefined){
const err10 = {instancePath:instancePath+"/alignment/" + i2,schemaPath:"#/$defs/Alignment/required",keyword:"required",params:{missingProperty: "targetName"},message:"must have required property '"+"targetName"+"'"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
if(data5.targetUrl === undefined){
const err11 = {instancePath:instancePath+"/alignment/" + i2,schemaPath:"#/$defs/Alignment/required",keyword:"required",params:{missingProperty: "targetUrl"},message:"must have required property '"+"targetUrl"+"'"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
if(data5.type !== undefined){
let data6 = data5.type;
if(Array.isArray(data6)){
if(data6.length < 1){
const err12 = {instancePath:instancePath+"/alignment/" + i2+"/type",schemaPath:"#/$defs/Alignment/properties/type/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
const len3 = data6.length;
for(let i3=0; i3<len3; i3++){
if(typeof data6[i3] !== "string"){
const err13 = {instancePath:instancePath+"/alignment/" + i2+"/type/" + i3,schemaPath:"#/$defs/Alignment/properties/type/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
const _errs20 = errors;
const len4 = data6.length;
for(let i4=0; i4<len4; i4++){
const _errs21 = errors;
if(!(data6[i4] === "Alignment")){
const err14 = {instancePath:instancePath+"/alignment/" + i2+"/type/" + i4,schemaPath:"#/$defs/Alignment/properties/type/contains/enum",keyword:"enum",params:{allowedValues: schema26.properties.type.contains.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
var valid10 = _errs21 === errors;
if(valid10){
break;
}
}
if(!valid10){
const err15 = {instancePath:instancePath+"/alignment/" + i2+"/type",schemaPath:"#/$defs/Alignment/properties/type/contains",keyword:"contains",params:{minContains: 1},message:"must contain at least 1 valid item(s)"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
else {
errors = _errs20;
if(vErrors !== null){
if(_errs20){
vErrors.length = _errs20;
}
else {
vErrors = null;
}
}
}
}
else {
const err16 = {instancePath:instancePath+"/alignment/" + i2+"/type",schemaPath:"#/$defs/Alignment/properties/type/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
if(data5.targetCode !== undefined){
if(typeof data5.targetCode !== "string"){
const err17 = {instancePath:instancePath+"/alignment/" + i2+"/targetCode",schemaPath:"#/$defs/Alignment/properties/targetCode/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
if(data5.targetDescription !== undefined){
if(typeof data5.targetDescription !== "string"){
const err18 = {instancePath:instancePath+"/alignment/" + i2+"/targetDescription",schemaPath:"#/$defs/Alignment/properties/targetDescription/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
if(data5.targetName !== undefined){
if(typeof data5.targetName !== "string"){
const err19 = {instancePath:instancePath+"/alignment/" + i2+"/targetName",schemaPath:"#/$defs/Alignment/properties/targetName/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
if(data5.targetFramework !== undefined){
if(typeof data5.targetFramework !== "string"){
const err20 = {instancePath:instancePath+"/alignment/" + i2+"/targetFramework",schemaPath:"#/$defs/Alignment/properties/targetFramework/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
if(data5.targetType !== undefined){
let data13 = data5.targetType;
const _errs31 = errors;
let valid11 = false;
let passing0 = null;
const _errs32 = errors;
if(typeof data13 !== "string"){
const err21 = {instancePath:instancePath+"/alignment/" + i2+"/targetType",schemaPath:"#/$defs/Alignment/properties/targetType/oneOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
if(!(((((((data13 === "ceasn:Competency") || (data13 === "ceterms:Credential")) || (data13 === "CFItem")) || (data13 === "CFRubric")) || (data13 === "CFRubricCriterion")) || (data13 === "CFRubricCriterionLevel")) || (data13 === "CTDL"))){
const err22 = {instancePath:instancePath+"/alignment/" + i2+"/targetType",schemaPath:"#/$defs/Alignment/properties/targetType/oneOf/0/enum",keyword:"enum",params:{allowedValues: schema26.properties.targetType.oneOf[0].enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
var _valid0 = _errs32 === errors;
if(_valid0){
valid11 = true;
passing0 = 0;
}
const _errs34 = errors;
if(typeof data13 === "string"){
if(!pattern3.test(data13)){
const err23 = {instancePath:instancePath+"/alignment/" + i2+"/targetType",schemaPath:"#/$defs/Alignment/properties/targetType/oneOf/1/pattern",keyword:"pattern",params:{pattern: "(ext:)[a-z|A-Z|0-9|.|-|_]+"},message:"must match pattern \""+"(ext:)[a-z|A-Z|0-9|.|-|_]+"+"\""};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
else {
const err24 = {instancePath:instancePath+"/alignment/" + i2+"/targetType",schemaPath:"#/$defs/Alignment/properties/targetType/oneOf/1/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
var _valid0 = _errs34 === errors;
if(_valid0 && valid11){
valid11 = false;
passing0 = [passing0, 1];
}
else {
if(_valid0){
valid11 = true;
passing0 = 1;
}
}
if(!valid11){
const err25 = {instancePath:instancePath+"/alignment/" + i2+"/targetType",schemaPath:"#/$defs/Alignment/properties/targetType/oneOf",keyword:"oneOf",params:{passingSchemas: passing0},message:"must match exactly one schema in oneOf"};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
else {
errors = _errs31;
if(vErrors !== null){
if(_errs31){
vErrors.length = _errs31;
}
else {
vErrors = null;
}
}
}
}
if(data5.targetUrl !== undefined){
if(typeof data5.targetUrl !== "string"){
const err26 = {instancePath:instancePath+"/alignment/" + i2+"/targetUrl",schemaPath:"#/$defs/Alignment/properties/targetUrl/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
}
else {
const err27 = {instancePath:instancePath+"/alignment/" + i2,schemaPath:"#/$defs/Alignment/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
}
else {
const err28 = {instancePath:instancePath+"/alignment",schemaPath:"#/properties/alignment/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
if(data.description !== undefined){
if(typeof data.description !== "string"){
const err29 = {instancePath:instancePath+"/description",schemaPath:"#/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
if(data.level !== undefined){
if(typeof data.level !== "string"){
const err30 = {instancePath:instancePath+"/level",schemaPath:"#/properties/level/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
if(data.name !== undefined){
if(typeof data.name !== "string"){
const err31 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
if(data.points !== undefined){
if(typeof data.points !== "string"){
const err32 = {instancePath:instancePath+"/points",schemaPath:"#/properties/points/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
}
else {
const err33 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
validate31.errors = vErrors;
return errors === 0;
}
validate31.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};


function validate30(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate30.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.id === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.type === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.name === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(data.resultType === undefined){
const err3 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "resultType"},message:"must have required property '"+"resultType"+"'"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if(data.id !== undefined){
if(typeof data.id !== "string"){
const err4 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.type !== undefined){
let data1 = data.type;
if(Array.isArray(data1)){
if(data1.length < 1){
const err5 = {instancePath:instancePath+"/type",schemaPath:"#/properties/type/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
const len0 = data1.length;
for(let i0=0; i0<len0; i0++){
if(typeof data1[i0] !== "string"){
const err6 = {instancePath:instancePath+"/type/" + i0,schemaPath:"#/properties/type/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
const _errs8 = errors;
const len1 = data1.length;
for(let i1=0; i1<len1; i1++){
const _errs9 = errors;
if(!(data1[i1] === "ResultDescription")){
const err7 = {instancePath:instancePath+"/type/" + i1,schemaPath:"#/properties/type/contains/enum",keyword:"enum",params:{allowedValues: schema45.properties.type.contains.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
var valid3 = _errs9 === errors;
if(valid3){
break;
}
}
if(!valid3){
const err8 = {instancePath:instancePath+"/type",schemaPath:"#/properties/type/contains",keyword:"contains",params:{minContains: 1},message:"must contain at least 1 valid item(s)"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
else {
errors = _errs8;
if(vErrors !== null){
if(_errs8){
vErrors.length = _errs8;
}
else {
vErrors = null;
}
}
}
}
else {
const err9 = {instancePath:instancePath+"/type",schemaPath:"#/properties/type/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
if(data.alignment !== undefined){
let data4 = data.alignment;
if(Array.isArray(data4)){
const len2 = data4.length;
for(let i2=0; i2<len2; i2++){
let data5 = data4[i2];
if(data5 && typeof data5 == "object" && !Array.isArray(data5)){
if(data5.type === undefined){
const err10 = {instancePath:instancePath+"/alignment/" + i2,schemaPath:"#/$defs/Alignment/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
if(data5.targetName === undefined){
const err11 = {instancePath:instancePath+"/alignment/" + i2,schemaPath:"#/$defs/Alignment/required",keyword:"required",params:{missingProperty: "targetName"},message:"must have required property '"+"targetName"+"'"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
if(data5.targetUrl === undefined){
const err12 = {instancePath:instancePath+"/alignment/" + i2,schemaPath:"#/$defs/Alignment/required",keyword:"required",params:{missingProperty: "targetUrl"},message:"must have required property '"+"targetUrl"+"'"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
if(data5.type !== undefined){
let data6 = data5.type;
if(Array.isArray(data6)){
if(data6.length < 1){
const err13 = {instancePath:instancePath+"/alignment/" + i2+"/type",schemaPath:"#/$defs/Alignment/properties/type/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
const len3 = data6.length;
for(let i3=0; i3<len3; i3++){
if(typeof data6[i3] !== "string"){
const err14 = {instancePath:instancePath+"/alignment/" + i2+"/type/" + i3,schemaPath:"#/$defs/Alignment/properties/type/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
const _errs20 = errors;
const len4 = data6.length;
for(let i4=0; i4<len4; i4++){
const _errs21 = errors;
if(!(data6[i4] === "Alignment")){
const err15 = {instancePath:instancePath+"/alignment/" + i2+"/type/" + i4,schemaPath:"#/$defs/Alignment/properties/type/contains/enum",keyword:"enum",params:{allowedValues: schema26.properties.type.contains.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
var valid10 = _errs21 === errors;
if(valid10){
break;
}
}
if(!valid10){
const err16 = {instancePath:instancePath+"/alignment/" + i2+"/type",schemaPath:"#/$defs/Alignment/properties/type/contains",keyword:"contains",params:{minContains: 1},message:"must contain at least 1 valid item(s)"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
else {
errors = _errs20;
if(vErrors !== null){
if(_errs20){
vErrors.length = _errs20;
}
else {
vErrors = null;
}
}
}
}
else {
const err17 = {instancePath:instancePath+"/alignment/" + i2+"/type",schemaPath:"#/$defs/Alignment/properties/type/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
if(data5.targetCode !== undefined){
if(typeof data5.targetCode !== "string"){
const err18 = {instancePath:instancePath+"/alignment/" + i2+"/targetCode",schemaPath:"#/$defs/Alignment/properties/targetCode/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
if(data5.targetDescription !== undefined){
if(typeof data5.targetDescription !== "string"){
const err19 = {instancePath:instancePath+"/alignment/" + i2+"/targetDescription",schemaPath:"#/$defs/Alignment/properties/targetDescription/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
if(data5.targetName !== undefined){
if(typeof data5.targetName !== "string"){
const err20 = {instancePath:instancePath+"/alignment/" + i2+"/targetName",schemaPath:"#/$defs/Alignment/properties/targetName/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
if(data5.targetFramework !== undefined){
if(typeof data5.targetFramework !== "string"){
const err21 = {instancePath:instancePath+"/alignment/" + i2+"/targetFramework",schemaPath:"#/$defs/Alignment/properties/targetFramework/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
if(data5.targetType !== undefined){
let data13 = data5.targetType;
const _errs31 = errors;
let valid11 = false;
let passing0 = null;
const _errs32 = errors;
if(typeof data13 !== "string"){
const err22 = {instancePath:instancePath+"/alignment/" + i2+"/targetType",schemaPath:"#/$defs/Alignment/properties/targetType/oneOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
if(!(((((((data13 === "ceasn:Competency") || (data13 === "ceterms:Credential")) || (data13 === "CFItem")) || (data13 === "CFRubric")) || (data13 === "CFRubricCriterion")) || (data13 === "CFRubricCriterionLevel")) || (data13 === "CTDL"))){
const err23 = {instancePath:instancePath+"/alignment/" + i2+"/targetType",schemaPath:"#/$defs/Alignment/properties/targetType/oneOf/0/enum",keyword:"enum",params:{allowedValues: schema26.properties.targetType.oneOf[0].enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
var _valid0 = _errs32 === errors;
if(_valid0){
valid11 = true;
passing0 = 0;
}
const _errs34 = errors;
if(typeof data13 === "string"){
if(!pattern3.test(data13)){
const err24 = {instancePath:instancePath+"/alignment/" + i2+"/targetType",schemaPath:"#/$defs/Alignment/properties/targetType/oneOf/1/pattern",keyword:"pattern",params:{pattern: "(ext:)[a-z|A-Z|0-9|.|-|_]+"},message:"must match pattern \""+"(ext:)[a-z|A-Z|0-9|.|-|_]+"+"\""};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
else {
const err25 = {instancePath:instancePath+"/alignment/" + i2+"/targetType",schemaPath:"#/$defs/Alignment/properties/targetType/oneOf/1/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
var _valid0 = _errs34 === errors;
if(_valid0 && valid11){
valid11 = false;
passing0 = [passing0, 1];
}
else {
if(_valid0){
valid11 = true;
passing0 = 1;
}
}
if(!valid11){
const err26 = {instancePath:instancePath+"/alignment/" + i2+"/targetType",schemaPath:"#/$defs/Alignment/properties/targetType/oneOf",keyword:"oneOf",params:{passingSchemas: passing0},message:"must match exactly one schema in oneOf"};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
else {
errors = _errs31;
if(vErrors !== null){
if(_errs31){
vErrors.length = _errs31;
}
else {
vErrors = null;
}
}
}
}
if(data5.targetUrl !== undefined){
if(typeof data5.targetUrl !== "string"){
const err27 = {instancePath:instancePath+"/alignment/" + i2+"/targetUrl",schemaPath:"#/$defs/Alignment/properties/targetUrl/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
}
else {
const err28 = {instancePath:instancePath+"/alignment/" + i2,schemaPath:"#/$defs/Alignment/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
}
else {
const err29 = {instancePath:instancePath+"/alignment",schemaPath:"#/properties/alignment/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
if(data.allowedValue !== undefined){
let data15 = data.allowedValue;
if(Array.isArray(data15)){
const len5 = data15.length;
for(let i5=0; i5<len5; i5++){
if(typeof data15[i5] !== "string"){
const err30 = {instancePath:instancePath+"/allowedValue/" + i5,schemaPath:"#/properties/allowedValue/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
}
else {
const err31 = {instancePath:instancePath+"/allowedValue",schemaPath:"#/properties/allowedValue/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
if(data.name !== undefined){
if(typeof data.name !== "string"){
const err32 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
if(data.requiredLevel !== undefined){
if(typeof data.requiredLevel !== "string"){
const err33 = {instancePath:instancePath+"/requiredLevel",schemaPath:"#/properties/requiredLevel/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
if(data.requiredValue !== undefined){
if(typeof data.requiredValue !== "string"){
const err34 = {instancePath:instancePath+"/requiredValue",schemaPath:"#/properties/requiredValue/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
}
if(data.resultType !== undefined){
let data20 = data.resultType;
const _errs49 = errors;
let valid14 = false;
let passing1 = null;
const _errs50 = errors;
if(typeof data20 !== "string"){
const err35 = {instancePath:instancePath+"/resultType",schemaPath:"#/properties/resultType/oneOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
if(!((((((((((((data20 === "GradePointAverage") || (data20 === "LetterGrade")) || (data20 === "Percent")) || (data20 === "PerformanceLevel")) || (data20 === "PredictedScore")) || (data20 === "RawScore")) || (data20 === "Result")) || (data20 === "RubricCriterion")) || (data20 === "RubricCriterionLevel")) || (data20 === "RubricScore")) || (data20 === "ScaledScore")) || (data20 === "Status"))){
const err36 = {instancePath:instancePath+"/resultType",schemaPath:"#/properties/resultType/oneOf/0/enum",keyword:"enum",params:{allowedValues: schema45.properties.resultType.oneOf[0].enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
var _valid1 = _errs50 === errors;
if(_valid1){
valid14 = true;
passing1 = 0;
}
const _errs52 = errors;
if(typeof data20 === "string"){
if(!pattern3.test(data20)){
const err37 = {instancePath:instancePath+"/resultType",schemaPath:"#/properties/resultType/oneOf/1/pattern",keyword:"pattern",params:{pattern: "(ext:)[a-z|A-Z|0-9|.|-|_]+"},message:"must match pattern \""+"(ext:)[a-z|A-Z|0-9|.|-|_]+"+"\""};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
else {
const err38 = {instancePath:instancePath+"/resultType",schemaPath:"#/properties/resultType/oneOf/1/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
var _valid1 = _errs52 === errors;
if(_valid1 && valid14){
valid14 = false;
passing1 = [passing1, 1];
}
else {
if(_valid1){
valid14 = true;
passing1 = 1;
}
}
if(!valid14){
const err39 = {instancePath:instancePath+"/resultType",schemaPath:"#/properties/resultType/oneOf",keyword:"oneOf",params:{passingSchemas: passing1},message:"must match exactly one schema in oneOf"};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
else {
errors = _errs49;
if(vErrors !== null){
if(_errs49){
vErrors.length = _errs49;
}
else {
vErrors = null;
}
}
}
}
if(data.rubricCriterionLevel !== undefined){
let data21 = data.rubricCriterionLevel;
if(Array.isArray(data21)){
const len6 = data21.length;
for(let i6=0; i6<len6; i6++){
if(!(validate31(data21[i6], {instancePath:instancePath+"/rubricCriterionLevel/" + i6,parentData:data21,parentDataProperty:i6,rootData,dynamicAnchors}))){
vErrors = vErrors === null ? validate31.errors : vErrors.concat(validate31.errors);
errors = vErrors.length;
}
}
}
else {
const err40 = {instancePath:instancePath+"/rubricCriterionLevel",schemaPath:"#/properties/rubricCriterionLevel/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
if(data.valueMax !== undefined){
if(typeof data.valueMax !== "string"){
const err41 = {instancePath:instancePath+"/valueMax",schemaPath:"#/properties/valueMax/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
}
if(data.valueMin !== undefined){
if(typeof data.valueMin !== "string"){
const err42 = {instancePath:instancePath+"/valueMin",schemaPath:"#/properties/valueMin/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
}
}
else {
const err43 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
validate30.errors = vErrors;
return errors === 0;
}
validate30.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};


function validate20(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate20.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.id === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.type === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.criteria === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "criteria"},message:"must have required property '"+"criteria"+"'"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(data.description === undefined){
const err3 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "description"},message:"must have required property '"+"description"+"'"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if(data.name === undefined){
const err4 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
if(data.id !== undefined){
if(typeof data.id !== "string"){
const err5 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.type !== undefined){
let data1 = data.type;
if(Array.isArray(data1)){
if(data1.length < 1){
const err6 = {instancePath:instancePath+"/type",schemaPath:"#/properties/type/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
const len0 = data1.length;
for(let i0=0; i0<len0; i0++){
if(typeof data1[i0] !== "string"){
const err7 = {instancePath:instancePath+"/type/" + i0,schemaPath:"#/properties/type/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
const _errs8 = errors;
const len1 = data1.length;
for(let i1=0; i1<len1; i1++){
const _errs9 = errors;
if(!(data1[i1] === "Achievement")){
const err8 = {instancePath:instancePath+"/type/" + i1,schemaPath:"#/properties/type/contains/enum",keyword:"enum",params:{allowedValues: schema25.properties.type.contains.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
var valid3 = _errs9 === errors;
if(valid3){
break;
}
}
if(!valid3){
const err9 = {instancePath:instancePath+"/type",schemaPath:"#/properties/type/contains",keyword:"contains",params:{minContains: 1},message:"must contain at least 1 valid item(s)"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
else {
errors = _errs8;
if(vErrors !== null){
if(_errs8){
vErrors.length = _errs8;
}
else {
vErrors = null;
}
}
}
}
else {
const err10 = {instancePath:instancePath+"/type",schemaPath:"#/properties/type/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data.alignment !== undefined){
let data4 = data.alignment;
if(Array.isArray(data4)){
const len2 = data4.length;
for(let i2=0; i2<len2; i2++){
let data5 = data4[i2];
if(data5 && typeof data5 == "object" && !Array.isArray(data5)){
if(data5.type === undefined){
const err11 = {instancePath:instancePath+"/alignment/" + i2,schemaPath:"#/$defs/Alignment/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
if(data5.targetName === undefined){
const err12 = {instancePath:instancePath+"/alignment/" + i2,schemaPath:"#/$defs/Alignment/required",keyword:"required",params:{missingProperty: "targetName"},message:"must have required property '"+"targetName"+"'"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
if(data5.targetUrl === undefined){
const err13 = {instancePath:instancePath+"/alignment/" + i2,schemaPath:"#/$defs/Alignment/required",keyword:"required",params:{missingProperty: "targetUrl"},message:"must have required property '"+"targetUrl"+"'"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
if(data5.type !== undefined){
let data6 = data5.type;
if(Array.isArray(data6)){
if(data6.length < 1){
const err14 = {instancePath:instancePath+"/alignment/" + i2+"/type",schemaPath:"#/$defs/Alignment/properties/type/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
const len3 = data6.length;
for(let i3=0; i3<len3; i3++){
if(typeof data6[i3] !== "string"){
const err15 = {instancePath:instancePath+"/alignment/" + i2+"/type/" + i3,schemaPath:"#/$defs/Alignment/properties/type/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
const _errs20 = errors;
const len4 = data6.length;
for(let i4=0; i4<len4; i4++){
const _errs21 = errors;
if(!(data6[i4] === "Alignment")){
const err16 = {instancePath:instancePath+"/alignment/" + i2+"/type/" + i4,schemaPath:"#/$defs/Alignment/properties/type/contains/enum",keyword:"enum",params:{allowedValues: schema26.properties.type.contains.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
var valid10 = _errs21 === errors;
if(valid10){
break;
}
}
if(!valid10){
const err17 = {instancePath:instancePath+"/alignment/" + i2+"/type",schemaPath:"#/$defs/Alignment/properties/type/contains",keyword:"contains",params:{minContains: 1},message:"must contain at least 1 valid item(s)"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
else {
errors = _errs20;
if(vErrors !== null){
if(_errs20){
vErrors.length = _errs20;
}
else {
vErrors = null;
}
}
}
}
else {
const err18 = {instancePath:instancePath+"/alignment/" + i2+"/type",schemaPath:"#/$defs/Alignment/properties/type/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
if(data5.targetCode !== undefined){
if(typeof data5.targetCode !== "string"){
const err19 = {instancePath:instancePath+"/alignment/" + i2+"/targetCode",schemaPath:"#/$defs/Alignment/properties/targetCode/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
if(data5.targetDescription !== undefined){
if(typeof data5.targetDescription !== "string"){
const err20 = {instancePath:instancePath+"/alignment/" + i2+"/targetDescription",schemaPath:"#/$defs/Alignment/properties/targetDescription/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
if(data5.targetName !== undefined){
if(typeof data5.targetName !== "string"){
const err21 = {instancePath:instancePath+"/alignment/" + i2+"/targetName",schemaPath:"#/$defs/Alignment/properties/targetName/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
if(data5.targetFramework !== undefined){
if(typeof data5.targetFramework !== "string"){
const err22 = {instancePath:instancePath+"/alignment/" + i2+"/targetFramework",schemaPath:"#/$defs/Alignment/properties/targetFramework/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
if(data5.targetType !== undefined){
let data13 = data5.targetType;
const _errs31 = errors;
let valid11 = false;
let passing0 = null;
const _errs32 = errors;
if(typeof data13 !== "string"){
const err23 = {instancePath:instancePath+"/alignment/" + i2+"/targetType",schemaPath:"#/$defs/Alignment/properties/targetType/oneOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
if(!(((((((data13 === "ceasn:Competency") || (data13 === "ceterms:Credential")) || (data13 === "CFItem")) || (data13 === "CFRubric")) || (data13 === "CFRubricCriterion")) || (data13 === "CFRubricCriterionLevel")) || (data13 === "CTDL"))){
const err24 = {instancePath:instancePath+"/alignment/" + i2+"/targetType",schemaPath:"#/$defs/Alignment/properties/targetType/oneOf/0/enum",keyword:"enum",params:{allowedValues: schema26.properties.targetType.oneOf[0].enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
var _valid0 = _errs32 === errors;
if(_valid0){
valid11 = true;
passing0 = 0;
}
const _errs34 = errors;
if(typeof data13 === "string"){
if(!pattern3.test(data13)){
const err25 = {instancePath:instancePath+"/alignment/" + i2+"/targetType",schemaPath:"#/$defs/Alignment/properties/targetType/oneOf/1/pattern",keyword:"pattern",params:{pattern: "(ext:)[a-z|A-Z|0-9|.|-|_]+"},message:"must match pattern \""+"(ext:)[a-z|A-Z|0-9|.|-|_]+"+"\""};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
else {
const err26 = {instancePath:instancePath+"/alignment/" + i2+"/targetType",schemaPath:"#/$defs/Alignment/properties/targetType/oneOf/1/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
var _valid0 = _errs34 === errors;
if(_valid0 && valid11){
valid11 = false;
passing0 = [passing0, 1];
}
else {
if(_valid0){
valid11 = true;
passing0 = 1;
}
}
if(!valid11){
const err27 = {instancePath:instancePath+"/alignment/" + i2+"/targetType",schemaPath:"#/$defs/Alignment/properties/targetType/oneOf",keyword:"oneOf",params:{passingSchemas: passing0},message:"must match exactly one schema in oneOf"};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
else {
errors = _errs31;
if(vErrors !== null){
if(_errs31){
vErrors.length = _errs31;
}
else {
vErrors = null;
}
}
}
}
if(data5.targetUrl !== undefined){
if(typeof data5.targetUrl !== "string"){
const err28 = {instancePath:instancePath+"/alignment/" + i2+"/targetUrl",schemaPath:"#/$defs/Alignment/properties/targetUrl/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
}
else {
const err29 = {instancePath:instancePath+"/alignment/" + i2,schemaPath:"#/$defs/Alignment/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
}
else {
const err30 = {instancePath:instancePath+"/alignment",schemaPath:"#/properties/alignment/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
if(data.achievementType !== undefined){
let data15 = data.achievementType;
const _errs39 = errors;
let valid12 = false;
let passing1 = null;
const _errs40 = errors;
if(typeof data15 !== "string"){
const err31 = {instancePath:instancePath+"/achievementType",schemaPath:"#/properties/achievementType/oneOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
if(!(((((((((((((((((((((((((((((((data15 === "Achievement") || (data15 === "ApprenticeshipCertificate")) || (data15 === "Assessment")) || (data15 === "Assignment")) || (data15 === "AssociateDegree")) || (data15 === "Award")) || (data15 === "Badge")) || (data15 === "BachelorDegree")) || (data15 === "Certificate")) || (data15 === "CertificateOfCompletion")) || (data15 === "Certification")) || (data15 === "CommunityService")) || (data15 === "Competency")) || (data15 === "Course")) || (data15 === "CoCurricular")) || (data15 === "Degree")) || (data15 === "Diploma")) || (data15 === "DoctoralDegree")) || (data15 === "Fieldwork")) || (data15 === "GeneralEducationDevelopment")) || (data15 === "JourneymanCertificate")) || (data15 === "LearningProgram")) || (data15 === "License")) || (data15 === "Membership")) || (data15 === "ProfessionalDoctorate")) || (data15 === "QualityAssuranceCredential")) || (data15 === "MasterCertificate")) || (data15 === "MasterDegree")) || (data15 === "MicroCredential")) || (data15 === "ResearchDoctorate")) || (data15 === "SecondarySchoolDiploma"))){
const err32 = {instancePath:instancePath+"/achievementType",schemaPath:"#/properties/achievementType/oneOf/0/enum",keyword:"enum",params:{allowedValues: schema25.properties.achievementType.oneOf[0].enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
var _valid1 = _errs40 === errors;
if(_valid1){
valid12 = true;
passing1 = 0;
}
const _errs42 = errors;
if(typeof data15 === "string"){
if(!pattern3.test(data15)){
const err33 = {instancePath:instancePath+"/achievementType",schemaPath:"#/properties/achievementType/oneOf/1/pattern",keyword:"pattern",params:{pattern: "(ext:)[a-z|A-Z|0-9|.|-|_]+"},message:"must match pattern \""+"(ext:)[a-z|A-Z|0-9|.|-|_]+"+"\""};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
else {
const err34 = {instancePath:instancePath+"/achievementType",schemaPath:"#/properties/achievementType/oneOf/1/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
var _valid1 = _errs42 === errors;
if(_valid1 && valid12){
valid12 = false;
passing1 = [passing1, 1];
}
else {
if(_valid1){
valid12 = true;
passing1 = 1;
}
}
if(!valid12){
const err35 = {instancePath:instancePath+"/achievementType",schemaPath:"#/properties/achievementType/oneOf",keyword:"oneOf",params:{passingSchemas: passing1},message:"must match exactly one schema in oneOf"};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
else {
errors = _errs39;
if(vErrors !== null){
if(_errs39){
vErrors.length = _errs39;
}
else {
vErrors = null;
}
}
}
}
if(data.creator !== undefined){
if(!(validate21(data.creator, {instancePath:instancePath+"/creator",parentData:data,parentDataProperty:"creator",rootData,dynamicAnchors}))){
vErrors = vErrors === null ? validate21.errors : vErrors.concat(validate21.errors);
errors = vErrors.length;
}
}
if(data.creditsAvailable !== undefined){
if(!(typeof data.creditsAvailable == "number")){
const err36 = {instancePath:instancePath+"/creditsAvailable",schemaPath:"#/properties/creditsAvailable/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
if(data.criteria !== undefined){
let data18 = data.criteria;
if(data18 && typeof data18 == "object" && !Array.isArray(data18)){
if(data18.id !== undefined){
if(typeof data18.id !== "string"){
const err37 = {instancePath:instancePath+"/criteria/id",schemaPath:"#/$defs/Criteria/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
if(data18.narrative !== undefined){
if(typeof data18.narrative !== "string"){
const err38 = {instancePath:instancePath+"/criteria/narrative",schemaPath:"#/$defs/Criteria/properties/narrative/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
}
else {
const err39 = {instancePath:instancePath+"/criteria",schemaPath:"#/$defs/Criteria/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
}
if(data.description !== undefined){
if(typeof data.description !== "string"){
const err40 = {instancePath:instancePath+"/description",schemaPath:"#/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
if(data.endorsement !== undefined){
let data22 = data.endorsement;
if(Array.isArray(data22)){
const len5 = data22.length;
for(let i5=0; i5<len5; i5++){
if(!(validate22(data22[i5], {instancePath:instancePath+"/endorsement/" + i5,parentData:data22,parentDataProperty:i5,rootData,dynamicAnchors}))){
vErrors = vErrors === null ? validate22.errors : vErrors.concat(validate22.errors);
errors = vErrors.length;
}
}
}
else {
const err41 = {instancePath:instancePath+"/endorsement",schemaPath:"#/properties/endorsement/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
}
if(data.endorsementJwt !== undefined){
let data24 = data.endorsementJwt;
if(Array.isArray(data24)){
const len6 = data24.length;
for(let i6=0; i6<len6; i6++){
let data25 = data24[i6];
if(typeof data25 === "string"){
if(!pattern6.test(data25)){
const err42 = {instancePath:instancePath+"/endorsementJwt/" + i6,schemaPath:"#/properties/endorsementJwt/items/pattern",keyword:"pattern",params:{pattern: "^[a-zA-Z0-9_-]+\\.[a-zA-Z0-9_-]*\\.[a-zA-Z0-9_-]+$"},message:"must match pattern \""+"^[a-zA-Z0-9_-]+\\.[a-zA-Z0-9_-]*\\.[a-zA-Z0-9_-]+$"+"\""};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
}
else {
const err43 = {instancePath:instancePath+"/endorsementJwt/" + i6,schemaPath:"#/properties/endorsementJwt/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
}
}
else {
const err44 = {instancePath:instancePath+"/endorsementJwt",schemaPath:"#/properties/endorsementJwt/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
}
if(data.fieldOfStudy !== undefined){
if(typeof data.fieldOfStudy !== "string"){
const err45 = {instancePath:instancePath+"/fieldOfStudy",schemaPath:"#/properties/fieldOfStudy/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
}
if(data.humanCode !== undefined){
if(typeof data.humanCode !== "string"){
const err46 = {instancePath:instancePath+"/humanCode",schemaPath:"#/properties/humanCode/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
}
if(data.image !== undefined){
let data28 = data.image;
if(data28 && typeof data28 == "object" && !Array.isArray(data28)){
if(data28.id === undefined){
const err47 = {instancePath:instancePath+"/image",schemaPath:"#/$defs/Image/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'"};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
if(data28.type === undefined){
const err48 = {instancePath:instancePath+"/image",schemaPath:"#/$defs/Image/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'"};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
for(const key0 in data28){
if(!(((key0 === "id") || (key0 === "type")) || (key0 === "caption"))){
const err49 = {instancePath:instancePath+"/image",schemaPath:"#/$defs/Image/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
}
if(data28.id !== undefined){
if(typeof data28.id !== "string"){
const err50 = {instancePath:instancePath+"/image/id",schemaPath:"#/$defs/Image/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
}
if(data28.type !== undefined){
let data30 = data28.type;
if(typeof data30 !== "string"){
const err51 = {instancePath:instancePath+"/image/type",schemaPath:"#/$defs/Image/properties/type/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
if(!(data30 === "Image")){
const err52 = {instancePath:instancePath+"/image/type",schemaPath:"#/$defs/Image/properties/type/enum",keyword:"enum",params:{allowedValues: schema23.properties.type.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
}
}
if(data28.caption !== undefined){
if(typeof data28.caption !== "string"){
const err53 = {instancePath:instancePath+"/image/caption",schemaPath:"#/$defs/Image/properties/caption/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
}
}
else {
const err54 = {instancePath:instancePath+"/image",schemaPath:"#/$defs/Image/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
}
if(data.inLanguage !== undefined){
let data32 = data.inLanguage;
if(typeof data32 === "string"){
if(!pattern9.test(data32)){
const err55 = {instancePath:instancePath+"/inLanguage",schemaPath:"#/properties/inLanguage/pattern",keyword:"pattern",params:{pattern: "^[a-z]{2,4}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$"},message:"must match pattern \""+"^[a-z]{2,4}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$"+"\""};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
}
}
else {
const err56 = {instancePath:instancePath+"/inLanguage",schemaPath:"#/properties/inLanguage/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err56];
}
else {
vErrors.push(err56);
}
errors++;
}
}
if(data.name !== undefined){
if(typeof data.name !== "string"){
const err57 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err57];
}
else {
vErrors.push(err57);
}
errors++;
}
}
if(data.otherIdentifier !== undefined){
let data34 = data.otherIdentifier;
if(Array.isArray(data34)){
const len7 = data34.length;
for(let i7=0; i7<len7; i7++){
let data35 = data34[i7];
if(data35 && typeof data35 == "object" && !Array.isArray(data35)){
if(data35.type === undefined){
const err58 = {instancePath:instancePath+"/otherIdentifier/" + i7,schemaPath:"#/$defs/IdentifierEntry/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'"};
if(vErrors === null){
vErrors = [err58];
}
else {
vErrors.push(err58);
}
errors++;
}
if(data35.identifier === undefined){
const err59 = {instancePath:instancePath+"/otherIdentifier/" + i7,schemaPath:"#/$defs/IdentifierEntry/required",keyword:"required",params:{missingProperty: "identifier"},message:"must have required property '"+"identifier"+"'"};
if(vErrors === null){
vErrors = [err59];
}
else {
vErrors.push(err59);
}
errors++;
}
if(data35.identifierType === undefined){
const err60 = {instancePath:instancePath+"/otherIdentifier/" + i7,schemaPath:"#/$defs/IdentifierEntry/required",keyword:"required",params:{missingProperty: "identifierType"},message:"must have required property '"+"identifierType"+"'"};
if(vErrors === null){
vErrors = [err60];
}
else {
vErrors.push(err60);
}
errors++;
}
for(const key1 in data35){
if(!(((key1 === "type") || (key1 === "identifier")) || (key1 === "identifierType"))){
const err61 = {instancePath:instancePath+"/otherIdentifier/" + i7,schemaPath:"#/$defs/IdentifierEntry/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err61];
}
else {
vErrors.push(err61);
}
errors++;
}
}
if(data35.type !== undefined){
let data36 = data35.type;
if(typeof data36 !== "string"){
const err62 = {instancePath:instancePath+"/otherIdentifier/" + i7+"/type",schemaPath:"#/$defs/IdentifierEntry/properties/type/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err62];
}
else {
vErrors.push(err62);
}
errors++;
}
if(!(data36 === "IdentifierEntry")){
const err63 = {instancePath:instancePath+"/otherIdentifier/" + i7+"/type",schemaPath:"#/$defs/IdentifierEntry/properties/type/enum",keyword:"enum",params:{allowedValues: schema40.properties.type.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err63];
}
else {
vErrors.push(err63);
}
errors++;
}
}
if(data35.identifier !== undefined){
if(typeof data35.identifier !== "string"){
const err64 = {instancePath:instancePath+"/otherIdentifier/" + i7+"/identifier",schemaPath:"#/$defs/IdentifierEntry/properties/identifier/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err64];
}
else {
vErrors.push(err64);
}
errors++;
}
}
if(data35.identifierType !== undefined){
let data38 = data35.identifierType;
const _errs93 = errors;
let valid25 = false;
let passing2 = null;
const _errs94 = errors;
if(typeof data38 !== "string"){
const err65 = {instancePath:instancePath+"/otherIdentifier/" + i7+"/identifierType",schemaPath:"#/$defs/IdentifierEntry/properties/identifierType/oneOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err65];
}
else {
vErrors.push(err65);
}
errors++;
}
if(!(((((((((((((((((((data38 === "name") || (data38 === "sourcedId")) || (data38 === "systemId")) || (data38 === "productId")) || (data38 === "userName")) || (data38 === "accountId")) || (data38 === "emailAddress")) || (data38 === "nationalIdentityNumber")) || (data38 === "isbn")) || (data38 === "issn")) || (data38 === "lisSourcedId")) || (data38 === "oneRosterSourcedId")) || (data38 === "sisSourcedId")) || (data38 === "ltiContextId")) || (data38 === "ltiDeploymentId")) || (data38 === "ltiToolId")) || (data38 === "ltiPlatformId")) || (data38 === "ltiUserId")) || (data38 === "identifier"))){
const err66 = {instancePath:instancePath+"/otherIdentifier/" + i7+"/identifierType",schemaPath:"#/$defs/IdentifierEntry/properties/identifierType/oneOf/0/enum",keyword:"enum",params:{allowedValues: schema40.properties.identifierType.oneOf[0].enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err66];
}
else {
vErrors.push(err66);
}
errors++;
}
var _valid2 = _errs94 === errors;
if(_valid2){
valid25 = true;
passing2 = 0;
}
const _errs96 = errors;
if(typeof data38 === "string"){
if(!pattern3.test(data38)){
const err67 = {instancePath:instancePath+"/otherIdentifier/" + i7+"/identifierType",schemaPath:"#/$defs/IdentifierEntry/properties/identifierType/oneOf/1/pattern",keyword:"pattern",params:{pattern: "(ext:)[a-z|A-Z|0-9|.|-|_]+"},message:"must match pattern \""+"(ext:)[a-z|A-Z|0-9|.|-|_]+"+"\""};
if(vErrors === null){
vErrors = [err67];
}
else {
vErrors.push(err67);
}
errors++;
}
}
else {
const err68 = {instancePath:instancePath+"/otherIdentifier/" + i7+"/identifierType",schemaPath:"#/$defs/IdentifierEntry/properties/identifierType/oneOf/1/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err68];
}
else {
vErrors.push(err68);
}
errors++;
}
var _valid2 = _errs96 === errors;
if(_valid2 && valid25){
valid25 = false;
passing2 = [passing2, 1];
}
else {
if(_valid2){
valid25 = true;
passing2 = 1;
}
}
if(!valid25){
const err69 = {instancePath:instancePath+"/otherIdentifier/" + i7+"/identifierType",schemaPath:"#/$defs/IdentifierEntry/properties/identifierType/oneOf",keyword:"oneOf",params:{passingSchemas: passing2},message:"must match exactly one schema in oneOf"};
if(vErrors === null){
vErrors = [err69];
}
else {
vErrors.push(err69);
}
errors++;
}
else {
errors = _errs93;
if(vErrors !== null){
if(_errs93){
vErrors.length = _errs93;
}
else {
vErrors = null;
}
}
}
}
}
else {
const err70 = {instancePath:instancePath+"/otherIdentifier/" + i7,schemaPath:"#/$defs/IdentifierEntry/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err70];
}
else {
vErrors.push(err70);
}
errors++;
}
}
}
else {
const err71 = {instancePath:instancePath+"/otherIdentifier",schemaPath:"#/properties/otherIdentifier/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err71];
}
else {
vErrors.push(err71);
}
errors++;
}
}
if(data.related !== undefined){
let data39 = data.related;
if(Array.isArray(data39)){
const len8 = data39.length;
for(let i8=0; i8<len8; i8++){
let data40 = data39[i8];
if(data40 && typeof data40 == "object" && !Array.isArray(data40)){
if(data40.id === undefined){
const err72 = {instancePath:instancePath+"/related/" + i8,schemaPath:"#/$defs/Related/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'"};
if(vErrors === null){
vErrors = [err72];
}
else {
vErrors.push(err72);
}
errors++;
}
if(data40.type === undefined){
const err73 = {instancePath:instancePath+"/related/" + i8,schemaPath:"#/$defs/Related/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'"};
if(vErrors === null){
vErrors = [err73];
}
else {
vErrors.push(err73);
}
errors++;
}
if(data40.id !== undefined){
if(typeof data40.id !== "string"){
const err74 = {instancePath:instancePath+"/related/" + i8+"/id",schemaPath:"#/$defs/Related/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err74];
}
else {
vErrors.push(err74);
}
errors++;
}
}
if(data40.type !== undefined){
let data42 = data40.type;
if(Array.isArray(data42)){
if(data42.length < 1){
const err75 = {instancePath:instancePath+"/related/" + i8+"/type",schemaPath:"#/$defs/Related/properties/type/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items"};
if(vErrors === null){
vErrors = [err75];
}
else {
vErrors.push(err75);
}
errors++;
}
const len9 = data42.length;
for(let i9=0; i9<len9; i9++){
if(typeof data42[i9] !== "string"){
const err76 = {instancePath:instancePath+"/related/" + i8+"/type/" + i9,schemaPath:"#/$defs/Related/properties/type/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err76];
}
else {
vErrors.push(err76);
}
errors++;
}
}
const _errs110 = errors;
const len10 = data42.length;
for(let i10=0; i10<len10; i10++){
const _errs111 = errors;
if(!(data42[i10] === "Related")){
const err77 = {instancePath:instancePath+"/related/" + i8+"/type/" + i10,schemaPath:"#/$defs/Related/properties/type/contains/enum",keyword:"enum",params:{allowedValues: schema44.properties.type.contains.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err77];
}
else {
vErrors.push(err77);
}
errors++;
}
var valid32 = _errs111 === errors;
if(valid32){
break;
}
}
if(!valid32){
const err78 = {instancePath:instancePath+"/related/" + i8+"/type",schemaPath:"#/$defs/Related/properties/type/contains",keyword:"contains",params:{minContains: 1},message:"must contain at least 1 valid item(s)"};
if(vErrors === null){
vErrors = [err78];
}
else {
vErrors.push(err78);
}
errors++;
}
else {
errors = _errs110;
if(vErrors !== null){
if(_errs110){
vErrors.length = _errs110;
}
else {
vErrors = null;
}
}
}
}
else {
const err79 = {instancePath:instancePath+"/related/" + i8+"/type",schemaPath:"#/$defs/Related/properties/type/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err79];
}
else {
vErrors.push(err79);
}
errors++;
}
}
if(data40.inLanguage !== undefined){
let data45 = data40.inLanguage;
if(typeof data45 === "string"){
if(!pattern9.test(data45)){
const err80 = {instancePath:instancePath+"/related/" + i8+"/inLanguage",schemaPath:"#/$defs/Related/properties/inLanguage/pattern",keyword:"pattern",params:{pattern: "^[a-z]{2,4}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$"},message:"must match pattern \""+"^[a-z]{2,4}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$"+"\""};
if(vErrors === null){
vErrors = [err80];
}
else {
vErrors.push(err80);
}
errors++;
}
}
else {
const err81 = {instancePath:instancePath+"/related/" + i8+"/inLanguage",schemaPath:"#/$defs/Related/properties/inLanguage/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err81];
}
else {
vErrors.push(err81);
}
errors++;
}
}
if(data40.version !== undefined){
if(typeof data40.version !== "string"){
const err82 = {instancePath:instancePath+"/related/" + i8+"/version",schemaPath:"#/$defs/Related/properties/version/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err82];
}
else {
vErrors.push(err82);
}
errors++;
}
}
}
else {
const err83 = {instancePath:instancePath+"/related/" + i8,schemaPath:"#/$defs/Related/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err83];
}
else {
vErrors.push(err83);
}
errors++;
}
}
}
else {
const err84 = {instancePath:instancePath+"/related",schemaPath:"#/properties/related/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err84];
}
else {
vErrors.push(err84);
}
errors++;
}
}
if(data.resultDescription !== undefined){
let data47 = data.resultDescription;
if(Array.isArray(data47)){
const len11 = data47.length;
for(let i11=0; i11<len11; i11++){
if(!(validate30(data47[i11], {instancePath:instancePath+"/resultDescription/" + i11,parentData:data47,parentDataProperty:i11,rootData,dynamicAnchors}))){
vErrors = vErrors === null ? validate30.errors : vErrors.concat(validate30.errors);
errors = vErrors.length;
}
}
}
else {
const err85 = {instancePath:instancePath+"/resultDescription",schemaPath:"#/properties/resultDescription/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err85];
}
else {
vErrors.push(err85);
}
errors++;
}
}
if(data.specialization !== undefined){
if(typeof data.specialization !== "string"){
const err86 = {instancePath:instancePath+"/specialization",schemaPath:"#/properties/specialization/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err86];
}
else {
vErrors.push(err86);
}
errors++;
}
}
if(data.tag !== undefined){
let data50 = data.tag;
if(Array.isArray(data50)){
const len12 = data50.length;
for(let i12=0; i12<len12; i12++){
if(typeof data50[i12] !== "string"){
const err87 = {instancePath:instancePath+"/tag/" + i12,schemaPath:"#/properties/tag/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err87];
}
else {
vErrors.push(err87);
}
errors++;
}
}
}
else {
const err88 = {instancePath:instancePath+"/tag",schemaPath:"#/properties/tag/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err88];
}
else {
vErrors.push(err88);
}
errors++;
}
}
if(data.version !== undefined){
if(typeof data.version !== "string"){
const err89 = {instancePath:instancePath+"/version",schemaPath:"#/properties/version/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err89];
}
else {
vErrors.push(err89);
}
errors++;
}
}
}
else {
const err90 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err90];
}
else {
vErrors.push(err90);
}
errors++;
}
validate20.errors = vErrors;
return errors === 0;
}
validate20.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

const schema51 = {"type":"object","properties":{"type":{"type":"array","minItems":1,"contains":{"enum":["Result"]},"items":{"type":"string"}},"achievedLevel":{"type":"string"},"alignment":{"type":"array","items":{"$ref":"#/$defs/Alignment"}},"resultDescription":{"type":"string"},"status":{"type":"string","enum":["Completed","Enrolled","Failed","InProgress","OnHold","Provisional","Withdrew"]},"value":{"type":"string"}},"required":["type"],"additionalProperties":true};

function validate35(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate35.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.type === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.type !== undefined){
let data0 = data.type;
if(Array.isArray(data0)){
if(data0.length < 1){
const err1 = {instancePath:instancePath+"/type",schemaPath:"#/properties/type/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
const len0 = data0.length;
for(let i0=0; i0<len0; i0++){
if(typeof data0[i0] !== "string"){
const err2 = {instancePath:instancePath+"/type/" + i0,schemaPath:"#/properties/type/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
const _errs6 = errors;
const len1 = data0.length;
for(let i1=0; i1<len1; i1++){
const _errs7 = errors;
if(!(data0[i1] === "Result")){
const err3 = {instancePath:instancePath+"/type/" + i1,schemaPath:"#/properties/type/contains/enum",keyword:"enum",params:{allowedValues: schema51.properties.type.contains.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
var valid3 = _errs7 === errors;
if(valid3){
break;
}
}
if(!valid3){
const err4 = {instancePath:instancePath+"/type",schemaPath:"#/properties/type/contains",keyword:"contains",params:{minContains: 1},message:"must contain at least 1 valid item(s)"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
else {
errors = _errs6;
if(vErrors !== null){
if(_errs6){
vErrors.length = _errs6;
}
else {
vErrors = null;
}
}
}
}
else {
const err5 = {instancePath:instancePath+"/type",schemaPath:"#/properties/type/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.achievedLevel !== undefined){
if(typeof data.achievedLevel !== "string"){
const err6 = {instancePath:instancePath+"/achievedLevel",schemaPath:"#/properties/achievedLevel/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.alignment !== undefined){
let data4 = data.alignment;
if(Array.isArray(data4)){
const len2 = data4.length;
for(let i2=0; i2<len2; i2++){
let data5 = data4[i2];
if(data5 && typeof data5 == "object" && !Array.isArray(data5)){
if(data5.type === undefined){
const err7 = {instancePath:instancePath+"/alignment/" + i2,schemaPath:"#/$defs/Alignment/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
if(data5.targetName === undefined){
const err8 = {instancePath:instancePath+"/alignment/" + i2,schemaPath:"#/$defs/Alignment/required",keyword:"required",params:{missingProperty: "targetName"},message:"must have required property '"+"targetName"+"'"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
if(data5.targetUrl === undefined){
const err9 = {instancePath:instancePath+"/alignment/" + i2,schemaPath:"#/$defs/Alignment/required",keyword:"required",params:{missingProperty: "targetUrl"},message:"must have required property '"+"targetUrl"+"'"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
if(data5.type !== undefined){
let data6 = data5.type;
if(Array.isArray(data6)){
if(data6.length < 1){
const err10 = {instancePath:instancePath+"/alignment/" + i2+"/type",schemaPath:"#/$defs/Alignment/properties/type/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
const len3 = data6.length;
for(let i3=0; i3<len3; i3++){
if(typeof data6[i3] !== "string"){
const err11 = {instancePath:instancePath+"/alignment/" + i2+"/type/" + i3,schemaPath:"#/$defs/Alignment/properties/type/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
const _errs20 = errors;
const len4 = data6.length;
for(let i4=0; i4<len4; i4++){
const _errs21 = errors;
if(!(data6[i4] === "Alignment")){
const err12 = {instancePath:instancePath+"/alignment/" + i2+"/type/" + i4,schemaPath:"#/$defs/Alignment/properties/type/contains/enum",keyword:"enum",params:{allowedValues: schema26.properties.type.contains.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
var valid10 = _errs21 === errors;
if(valid10){
break;
}
}
if(!valid10){
const err13 = {instancePath:instancePath+"/alignment/" + i2+"/type",schemaPath:"#/$defs/Alignment/properties/type/contains",keyword:"contains",params:{minContains: 1},message:"must contain at least 1 valid item(s)"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
else {
errors = _errs20;
if(vErrors !== null){
if(_errs20){
vErrors.length = _errs20;
}
else {
vErrors = null;
}
}
}
}
else {
const err14 = {instancePath:instancePath+"/alignment/" + i2+"/type",schemaPath:"#/$defs/Alignment/properties/type/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
if(data5.targetCode !== undefined){
if(typeof data5.targetCode !== "string"){
const err15 = {instancePath:instancePath+"/alignment/" + i2+"/targetCode",schemaPath:"#/$defs/Alignment/properties/targetCode/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
if(data5.targetDescription !== undefined){
if(typeof data5.targetDescription !== "string"){
const err16 = {instancePath:instancePath+"/alignment/" + i2+"/targetDescription",schemaPath:"#/$defs/Alignment/properties/targetDescription/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
if(data5.targetName !== undefined){
if(typeof data5.targetName !== "string"){
const err17 = {instancePath:instancePath+"/alignment/" + i2+"/targetName",schemaPath:"#/$defs/Alignment/properties/targetName/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
if(data5.targetFramework !== undefined){
if(typeof data5.targetFramework !== "string"){
const err18 = {instancePath:instancePath+"/alignment/" + i2+"/targetFramework",schemaPath:"#/$defs/Alignment/properties/targetFramework/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
if(data5.targetType !== undefined){
let data13 = data5.targetType;
const _errs31 = errors;
let valid11 = false;
let passing0 = null;
const _errs32 = errors;
if(typeof data13 !== "string"){
const err19 = {instancePath:instancePath+"/alignment/" + i2+"/targetType",schemaPath:"#/$defs/Alignment/properties/targetType/oneOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
if(!(((((((data13 === "ceasn:Competency") || (data13 === "ceterms:Credential")) || (data13 === "CFItem")) || (data13 === "CFRubric")) || (data13 === "CFRubricCriterion")) || (data13 === "CFRubricCriterionLevel")) || (data13 === "CTDL"))){
const err20 = {instancePath:instancePath+"/alignment/" + i2+"/targetType",schemaPath:"#/$defs/Alignment/properties/targetType/oneOf/0/enum",keyword:"enum",params:{allowedValues: schema26.properties.targetType.oneOf[0].enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
var _valid0 = _errs32 === errors;
if(_valid0){
valid11 = true;
passing0 = 0;
}
const _errs34 = errors;
if(typeof data13 === "string"){
if(!pattern3.test(data13)){
const err21 = {instancePath:instancePath+"/alignment/" + i2+"/targetType",schemaPath:"#/$defs/Alignment/properties/targetType/oneOf/1/pattern",keyword:"pattern",params:{pattern: "(ext:)[a-z|A-Z|0-9|.|-|_]+"},message:"must match pattern \""+"(ext:)[a-z|A-Z|0-9|.|-|_]+"+"\""};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
else {
const err22 = {instancePath:instancePath+"/alignment/" + i2+"/targetType",schemaPath:"#/$defs/Alignment/properties/targetType/oneOf/1/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
var _valid0 = _errs34 === errors;
if(_valid0 && valid11){
valid11 = false;
passing0 = [passing0, 1];
}
else {
if(_valid0){
valid11 = true;
passing0 = 1;
}
}
if(!valid11){
const err23 = {instancePath:instancePath+"/alignment/" + i2+"/targetType",schemaPath:"#/$defs/Alignment/properties/targetType/oneOf",keyword:"oneOf",params:{passingSchemas: passing0},message:"must match exactly one schema in oneOf"};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
else {
errors = _errs31;
if(vErrors !== null){
if(_errs31){
vErrors.length = _errs31;
}
else {
vErrors = null;
}
}
}
}
if(data5.targetUrl !== undefined){
if(typeof data5.targetUrl !== "string"){
const err24 = {instancePath:instancePath+"/alignment/" + i2+"/targetUrl",schemaPath:"#/$defs/Alignment/properties/targetUrl/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
}
else {
const err25 = {instancePath:instancePath+"/alignment/" + i2,schemaPath:"#/$defs/Alignment/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
}
else {
const err26 = {instancePath:instancePath+"/alignment",schemaPath:"#/properties/alignment/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
if(data.resultDescription !== undefined){
if(typeof data.resultDescription !== "string"){
const err27 = {instancePath:instancePath+"/resultDescription",schemaPath:"#/properties/resultDescription/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
if(data.status !== undefined){
let data16 = data.status;
if(typeof data16 !== "string"){
const err28 = {instancePath:instancePath+"/status",schemaPath:"#/properties/status/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
if(!(((((((data16 === "Completed") || (data16 === "Enrolled")) || (data16 === "Failed")) || (data16 === "InProgress")) || (data16 === "OnHold")) || (data16 === "Provisional")) || (data16 === "Withdrew"))){
const err29 = {instancePath:instancePath+"/status",schemaPath:"#/properties/status/enum",keyword:"enum",params:{allowedValues: schema51.properties.status.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
if(data.value !== undefined){
if(typeof data.value !== "string"){
const err30 = {instancePath:instancePath+"/value",schemaPath:"#/properties/value/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
}
else {
const err31 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
validate35.errors = vErrors;
return errors === 0;
}
validate35.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};


function validate19(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate19.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.type === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.achievement === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "achievement"},message:"must have required property '"+"achievement"+"'"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.id !== undefined){
if(typeof data.id !== "string"){
const err2 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.type !== undefined){
let data1 = data.type;
if(Array.isArray(data1)){
if(data1.length < 1){
const err3 = {instancePath:instancePath+"/type",schemaPath:"#/properties/type/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
const len0 = data1.length;
for(let i0=0; i0<len0; i0++){
if(typeof data1[i0] !== "string"){
const err4 = {instancePath:instancePath+"/type/" + i0,schemaPath:"#/properties/type/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
const _errs8 = errors;
const len1 = data1.length;
for(let i1=0; i1<len1; i1++){
const _errs9 = errors;
if(!(data1[i1] === "AchievementSubject")){
const err5 = {instancePath:instancePath+"/type/" + i1,schemaPath:"#/properties/type/contains/enum",keyword:"enum",params:{allowedValues: schema24.properties.type.contains.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
var valid3 = _errs9 === errors;
if(valid3){
break;
}
}
if(!valid3){
const err6 = {instancePath:instancePath+"/type",schemaPath:"#/properties/type/contains",keyword:"contains",params:{minContains: 1},message:"must contain at least 1 valid item(s)"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
else {
errors = _errs8;
if(vErrors !== null){
if(_errs8){
vErrors.length = _errs8;
}
else {
vErrors = null;
}
}
}
}
else {
const err7 = {instancePath:instancePath+"/type",schemaPath:"#/properties/type/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data.activityEndDate !== undefined){
let data4 = data.activityEndDate;
if(typeof data4 === "string"){
if(!(formats0.validate(data4))){
const err8 = {instancePath:instancePath+"/activityEndDate",schemaPath:"#/properties/activityEndDate/format",keyword:"format",params:{format: "date-time"},message:"must match format \""+"date-time"+"\""};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
else {
const err9 = {instancePath:instancePath+"/activityEndDate",schemaPath:"#/properties/activityEndDate/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
if(data.activityStartDate !== undefined){
let data5 = data.activityStartDate;
if(typeof data5 === "string"){
if(!(formats0.validate(data5))){
const err10 = {instancePath:instancePath+"/activityStartDate",schemaPath:"#/properties/activityStartDate/format",keyword:"format",params:{format: "date-time"},message:"must match format \""+"date-time"+"\""};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
else {
const err11 = {instancePath:instancePath+"/activityStartDate",schemaPath:"#/properties/activityStartDate/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
if(data.creditsEarned !== undefined){
if(!(typeof data.creditsEarned == "number")){
const err12 = {instancePath:instancePath+"/creditsEarned",schemaPath:"#/properties/creditsEarned/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
if(data.achievement !== undefined){
if(!(validate20(data.achievement, {instancePath:instancePath+"/achievement",parentData:data,parentDataProperty:"achievement",rootData,dynamicAnchors}))){
vErrors = vErrors === null ? validate20.errors : vErrors.concat(validate20.errors);
errors = vErrors.length;
}
}
if(data.identifier !== undefined){
let data8 = data.identifier;
if(Array.isArray(data8)){
const len2 = data8.length;
for(let i2=0; i2<len2; i2++){
let data9 = data8[i2];
if(data9 && typeof data9 == "object" && !Array.isArray(data9)){
if(data9.type === undefined){
const err13 = {instancePath:instancePath+"/identifier/" + i2,schemaPath:"#/$defs/IdentityObject/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
if(data9.hashed === undefined){
const err14 = {instancePath:instancePath+"/identifier/" + i2,schemaPath:"#/$defs/IdentityObject/required",keyword:"required",params:{missingProperty: "hashed"},message:"must have required property '"+"hashed"+"'"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
if(data9.identityHash === undefined){
const err15 = {instancePath:instancePath+"/identifier/" + i2,schemaPath:"#/$defs/IdentityObject/required",keyword:"required",params:{missingProperty: "identityHash"},message:"must have required property '"+"identityHash"+"'"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
if(data9.identityType === undefined){
const err16 = {instancePath:instancePath+"/identifier/" + i2,schemaPath:"#/$defs/IdentityObject/required",keyword:"required",params:{missingProperty: "identityType"},message:"must have required property '"+"identityType"+"'"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
for(const key0 in data9){
if(!(((((key0 === "type") || (key0 === "hashed")) || (key0 === "identityHash")) || (key0 === "identityType")) || (key0 === "salt"))){
const err17 = {instancePath:instancePath+"/identifier/" + i2,schemaPath:"#/$defs/IdentityObject/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
if(data9.type !== undefined){
let data10 = data9.type;
if(typeof data10 !== "string"){
const err18 = {instancePath:instancePath+"/identifier/" + i2+"/type",schemaPath:"#/$defs/IdentityObject/properties/type/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
if(!(data10 === "IdentityObject")){
const err19 = {instancePath:instancePath+"/identifier/" + i2+"/type",schemaPath:"#/$defs/IdentityObject/properties/type/enum",keyword:"enum",params:{allowedValues: schema49.properties.type.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
if(data9.hashed !== undefined){
if(typeof data9.hashed !== "boolean"){
const err20 = {instancePath:instancePath+"/identifier/" + i2+"/hashed",schemaPath:"#/$defs/IdentityObject/properties/hashed/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
if(data9.identityHash !== undefined){
if(typeof data9.identityHash !== "string"){
const err21 = {instancePath:instancePath+"/identifier/" + i2+"/identityHash",schemaPath:"#/$defs/IdentityObject/properties/identityHash/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
if(data9.identityType !== undefined){
let data13 = data9.identityType;
const _errs30 = errors;
let valid8 = false;
let passing0 = null;
const _errs31 = errors;
if(typeof data13 !== "string"){
const err22 = {instancePath:instancePath+"/identifier/" + i2+"/identityType",schemaPath:"#/$defs/IdentityObject/properties/identityType/oneOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
if(!(((((((((((((((((((data13 === "name") || (data13 === "sourcedId")) || (data13 === "systemId")) || (data13 === "productId")) || (data13 === "userName")) || (data13 === "accountId")) || (data13 === "emailAddress")) || (data13 === "nationalIdentityNumber")) || (data13 === "isbn")) || (data13 === "issn")) || (data13 === "lisSourcedId")) || (data13 === "oneRosterSourcedId")) || (data13 === "sisSourcedId")) || (data13 === "ltiContextId")) || (data13 === "ltiDeploymentId")) || (data13 === "ltiToolId")) || (data13 === "ltiPlatformId")) || (data13 === "ltiUserId")) || (data13 === "identifier"))){
const err23 = {instancePath:instancePath+"/identifier/" + i2+"/identityType",schemaPath:"#/$defs/IdentityObject/properties/identityType/oneOf/0/enum",keyword:"enum",params:{allowedValues: schema49.properties.identityType.oneOf[0].enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
var _valid0 = _errs31 === errors;
if(_valid0){
valid8 = true;
passing0 = 0;
}
const _errs33 = errors;
if(typeof data13 === "string"){
if(!pattern3.test(data13)){
const err24 = {instancePath:instancePath+"/identifier/" + i2+"/identityType",schemaPath:"#/$defs/IdentityObject/properties/identityType/oneOf/1/pattern",keyword:"pattern",params:{pattern: "(ext:)[a-z|A-Z|0-9|.|-|_]+"},message:"must match pattern \""+"(ext:)[a-z|A-Z|0-9|.|-|_]+"+"\""};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
else {
const err25 = {instancePath:instancePath+"/identifier/" + i2+"/identityType",schemaPath:"#/$defs/IdentityObject/properties/identityType/oneOf/1/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
var _valid0 = _errs33 === errors;
if(_valid0 && valid8){
valid8 = false;
passing0 = [passing0, 1];
}
else {
if(_valid0){
valid8 = true;
passing0 = 1;
}
}
if(!valid8){
const err26 = {instancePath:instancePath+"/identifier/" + i2+"/identityType",schemaPath:"#/$defs/IdentityObject/properties/identityType/oneOf",keyword:"oneOf",params:{passingSchemas: passing0},message:"must match exactly one schema in oneOf"};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
else {
errors = _errs30;
if(vErrors !== null){
if(_errs30){
vErrors.length = _errs30;
}
else {
vErrors = null;
}
}
}
}
if(data9.salt !== undefined){
if(typeof data9.salt !== "string"){
const err27 = {instancePath:instancePath+"/identifier/" + i2+"/salt",schemaPath:"#/$defs/IdentityObject/properties/salt/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
}
else {
const err28 = {instancePath:instancePath+"/identifier/" + i2,schemaPath:"#/$defs/IdentityObject/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
}
else {
const err29 = {instancePath:instancePath+"/identifier",schemaPath:"#/properties/identifier/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
if(data.image !== undefined){
let data15 = data.image;
if(data15 && typeof data15 == "object" && !Array.isArray(data15)){
if(data15.id === undefined){
const err30 = {instancePath:instancePath+"/image",schemaPath:"#/$defs/Image/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'"};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
if(data15.type === undefined){
const err31 = {instancePath:instancePath+"/image",schemaPath:"#/$defs/Image/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'"};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
for(const key1 in data15){
if(!(((key1 === "id") || (key1 === "type")) || (key1 === "caption"))){
const err32 = {instancePath:instancePath+"/image",schemaPath:"#/$defs/Image/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
if(data15.id !== undefined){
if(typeof data15.id !== "string"){
const err33 = {instancePath:instancePath+"/image/id",schemaPath:"#/$defs/Image/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
if(data15.type !== undefined){
let data17 = data15.type;
if(typeof data17 !== "string"){
const err34 = {instancePath:instancePath+"/image/type",schemaPath:"#/$defs/Image/properties/type/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
if(!(data17 === "Image")){
const err35 = {instancePath:instancePath+"/image/type",schemaPath:"#/$defs/Image/properties/type/enum",keyword:"enum",params:{allowedValues: schema23.properties.type.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
if(data15.caption !== undefined){
if(typeof data15.caption !== "string"){
const err36 = {instancePath:instancePath+"/image/caption",schemaPath:"#/$defs/Image/properties/caption/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
}
else {
const err37 = {instancePath:instancePath+"/image",schemaPath:"#/$defs/Image/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
if(data.licenseNumber !== undefined){
if(typeof data.licenseNumber !== "string"){
const err38 = {instancePath:instancePath+"/licenseNumber",schemaPath:"#/properties/licenseNumber/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
if(data.narrative !== undefined){
if(typeof data.narrative !== "string"){
const err39 = {instancePath:instancePath+"/narrative",schemaPath:"#/properties/narrative/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
}
if(data.result !== undefined){
let data21 = data.result;
if(Array.isArray(data21)){
const len3 = data21.length;
for(let i3=0; i3<len3; i3++){
if(!(validate35(data21[i3], {instancePath:instancePath+"/result/" + i3,parentData:data21,parentDataProperty:i3,rootData,dynamicAnchors}))){
vErrors = vErrors === null ? validate35.errors : vErrors.concat(validate35.errors);
errors = vErrors.length;
}
}
}
else {
const err40 = {instancePath:instancePath+"/result",schemaPath:"#/properties/result/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
if(data.role !== undefined){
if(typeof data.role !== "string"){
const err41 = {instancePath:instancePath+"/role",schemaPath:"#/properties/role/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
}
if(data.source !== undefined){
if(!(validate21(data.source, {instancePath:instancePath+"/source",parentData:data,parentDataProperty:"source",rootData,dynamicAnchors}))){
vErrors = vErrors === null ? validate21.errors : vErrors.concat(validate21.errors);
errors = vErrors.length;
}
}
if(data.term !== undefined){
if(typeof data.term !== "string"){
const err42 = {instancePath:instancePath+"/term",schemaPath:"#/properties/term/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
}
}
else {
const err43 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
validate19.errors = vErrors;
return errors === 0;
}
validate19.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};


function validate18(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
/*# sourceURL="https://purl.imsglobal.org/spec/ob/v3p0/schema/json-ld/ob_v3p0_achievementcredential_schema.json" */;
let vErrors = null;
let errors = 0;
const evaluated0 = validate18.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data["@context"] === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "@context"},message:"must have required property '"+"@context"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.id === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.type === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(data.credentialSubject === undefined){
const err3 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "credentialSubject"},message:"must have required property '"+"credentialSubject"+"'"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if(data.issuer === undefined){
const err4 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "issuer"},message:"must have required property '"+"issuer"+"'"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
if(data.validFrom === undefined){
const err5 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "validFrom"},message:"must have required property '"+"validFrom"+"'"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
if(data["@context"] !== undefined){
let data0 = data["@context"];
if(Array.isArray(data0)){
if(data0.length < 2){
const err6 = {instancePath:instancePath+"/@context",schemaPath:"#/properties/%40context/minItems",keyword:"minItems",params:{limit: 2},message:"must NOT have fewer than 2 items"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
const len0 = data0.length;
var valid1 = len0 <= 2;
if(!valid1){
for(let i0=2; i0<len0; i0++){
let data1 = data0[i0];
const _errs4 = errors;
const _errs6 = errors;
let valid3 = false;
let passing0 = null;
const _errs7 = errors;
if(typeof data1 !== "string"){
const err7 = {instancePath:instancePath+"/@context/" + i0,schemaPath:"#/$defs/Context/oneOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
var _valid0 = _errs7 === errors;
if(_valid0){
valid3 = true;
passing0 = 0;
}
const _errs9 = errors;
if(!(data1 && typeof data1 == "object" && !Array.isArray(data1))){
const err8 = {instancePath:instancePath+"/@context/" + i0,schemaPath:"#/$defs/Context/oneOf/1/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
var _valid0 = _errs9 === errors;
if(_valid0 && valid3){
valid3 = false;
passing0 = [passing0, 1];
}
else {
if(_valid0){
valid3 = true;
passing0 = 1;
}
}
if(!valid3){
const err9 = {instancePath:instancePath+"/@context/" + i0,schemaPath:"#/$defs/Context/oneOf",keyword:"oneOf",params:{passingSchemas: passing0},message:"must match exactly one schema in oneOf"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
else {
errors = _errs6;
if(vErrors !== null){
if(_errs6){
vErrors.length = _errs6;
}
else {
vErrors = null;
}
}
}
var valid1 = _errs4 === errors;
}
}
const len1 = data0.length;
if(len1 > 0){
if(!(data0[0] === "https://www.w3.org/ns/credentials/v2")){
const err10 = {instancePath:instancePath+"/@context/0",schemaPath:"#/properties/%40context/items/0/enum",keyword:"enum",params:{allowedValues: schema21.properties["@context"].items[0].enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(len1 > 1){
let data3 = data0[1];
if(typeof data3 === "string"){
if(!pattern2.test(data3)){
const err11 = {instancePath:instancePath+"/@context/1",schemaPath:"#/properties/%40context/items/1/pattern",keyword:"pattern",params:{pattern: "^https:\\/\\/purl\\.imsglobal\\.org\\/spec\\/ob\\/v3p0\\/context(-3\\.\\d\\.\\d)*\\.json$"},message:"must match pattern \""+"^https:\\/\\/purl\\.imsglobal\\.org\\/spec\\/ob\\/v3p0\\/context(-3\\.\\d\\.\\d)*\\.json$"+"\""};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
else {
const err12 = {instancePath:instancePath+"/@context/1",schemaPath:"#/properties/%40context/items/1/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
}
else {
const err13 = {instancePath:instancePath+"/@context",schemaPath:"#/properties/%40context/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
if(data.id !== undefined){
if(typeof data.id !== "string"){
const err14 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
if(data.type !== undefined){
let data5 = data.type;
if(Array.isArray(data5)){
if(data5.length < 1){
const err15 = {instancePath:instancePath+"/type",schemaPath:"#/properties/type/allOf/0/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
const len2 = data5.length;
for(let i1=0; i1<len2; i1++){
if(typeof data5[i1] !== "string"){
const err16 = {instancePath:instancePath+"/type/" + i1,schemaPath:"#/properties/type/allOf/0/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
const _errs21 = errors;
const len3 = data5.length;
for(let i2=0; i2<len3; i2++){
const _errs22 = errors;
if(!(data5[i2] === "VerifiableCredential")){
const err17 = {instancePath:instancePath+"/type/" + i2,schemaPath:"#/properties/type/allOf/0/contains/enum",keyword:"enum",params:{allowedValues: schema21.properties.type.allOf[0].contains.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
var valid8 = _errs22 === errors;
if(valid8){
break;
}
}
if(!valid8){
const err18 = {instancePath:instancePath+"/type",schemaPath:"#/properties/type/allOf/0/contains",keyword:"contains",params:{minContains: 1},message:"must contain at least 1 valid item(s)"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
else {
errors = _errs21;
if(vErrors !== null){
if(_errs21){
vErrors.length = _errs21;
}
else {
vErrors = null;
}
}
}
}
else {
const err19 = {instancePath:instancePath+"/type",schemaPath:"#/properties/type/allOf/0/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
if(Array.isArray(data5)){
if(data5.length < 1){
const err20 = {instancePath:instancePath+"/type",schemaPath:"#/properties/type/allOf/1/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items"};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
const len4 = data5.length;
for(let i3=0; i3<len4; i3++){
if(typeof data5[i3] !== "string"){
const err21 = {instancePath:instancePath+"/type/" + i3,schemaPath:"#/properties/type/allOf/1/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
const _errs27 = errors;
const len5 = data5.length;
for(let i4=0; i4<len5; i4++){
let data9 = data5[i4];
const _errs28 = errors;
if(!((data9 === "AchievementCredential") || (data9 === "OpenBadgeCredential"))){
const err22 = {instancePath:instancePath+"/type/" + i4,schemaPath:"#/properties/type/allOf/1/contains/enum",keyword:"enum",params:{allowedValues: schema21.properties.type.allOf[1].contains.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
var valid11 = _errs28 === errors;
if(valid11){
break;
}
}
if(!valid11){
const err23 = {instancePath:instancePath+"/type",schemaPath:"#/properties/type/allOf/1/contains",keyword:"contains",params:{minContains: 1},message:"must contain at least 1 valid item(s)"};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
else {
errors = _errs27;
if(vErrors !== null){
if(_errs27){
vErrors.length = _errs27;
}
else {
vErrors = null;
}
}
}
}
else {
const err24 = {instancePath:instancePath+"/type",schemaPath:"#/properties/type/allOf/1/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
if(data.name !== undefined){
if(typeof data.name !== "string"){
const err25 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
if(data.description !== undefined){
if(typeof data.description !== "string"){
const err26 = {instancePath:instancePath+"/description",schemaPath:"#/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
if(data.image !== undefined){
let data12 = data.image;
if(data12 && typeof data12 == "object" && !Array.isArray(data12)){
if(data12.id === undefined){
const err27 = {instancePath:instancePath+"/image",schemaPath:"#/$defs/Image/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'"};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
if(data12.type === undefined){
const err28 = {instancePath:instancePath+"/image",schemaPath:"#/$defs/Image/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'"};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
for(const key0 in data12){
if(!(((key0 === "id") || (key0 === "type")) || (key0 === "caption"))){
const err29 = {instancePath:instancePath+"/image",schemaPath:"#/$defs/Image/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
if(data12.id !== undefined){
if(typeof data12.id !== "string"){
const err30 = {instancePath:instancePath+"/image/id",schemaPath:"#/$defs/Image/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
if(data12.type !== undefined){
let data14 = data12.type;
if(typeof data14 !== "string"){
const err31 = {instancePath:instancePath+"/image/type",schemaPath:"#/$defs/Image/properties/type/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
if(!(data14 === "Image")){
const err32 = {instancePath:instancePath+"/image/type",schemaPath:"#/$defs/Image/properties/type/enum",keyword:"enum",params:{allowedValues: schema23.properties.type.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
if(data12.caption !== undefined){
if(typeof data12.caption !== "string"){
const err33 = {instancePath:instancePath+"/image/caption",schemaPath:"#/$defs/Image/properties/caption/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
}
else {
const err34 = {instancePath:instancePath+"/image",schemaPath:"#/$defs/Image/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
}
if(data.awardedDate !== undefined){
let data16 = data.awardedDate;
if(typeof data16 === "string"){
if(!(formats0.validate(data16))){
const err35 = {instancePath:instancePath+"/awardedDate",schemaPath:"#/properties/awardedDate/format",keyword:"format",params:{format: "date-time"},message:"must match format \""+"date-time"+"\""};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
else {
const err36 = {instancePath:instancePath+"/awardedDate",schemaPath:"#/properties/awardedDate/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
if(data.credentialSubject !== undefined){
if(!(validate19(data.credentialSubject, {instancePath:instancePath+"/credentialSubject",parentData:data,parentDataProperty:"credentialSubject",rootData,dynamicAnchors}))){
vErrors = vErrors === null ? validate19.errors : vErrors.concat(validate19.errors);
errors = vErrors.length;
}
}
if(data.endorsement !== undefined){
let data18 = data.endorsement;
if(Array.isArray(data18)){
const len6 = data18.length;
for(let i5=0; i5<len6; i5++){
if(!(validate22(data18[i5], {instancePath:instancePath+"/endorsement/" + i5,parentData:data18,parentDataProperty:i5,rootData,dynamicAnchors}))){
vErrors = vErrors === null ? validate22.errors : vErrors.concat(validate22.errors);
errors = vErrors.length;
}
}
}
else {
const err37 = {instancePath:instancePath+"/endorsement",schemaPath:"#/properties/endorsement/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
if(data.endorsementJwt !== undefined){
let data20 = data.endorsementJwt;
if(Array.isArray(data20)){
const len7 = data20.length;
for(let i6=0; i6<len7; i6++){
let data21 = data20[i6];
if(typeof data21 === "string"){
if(!pattern6.test(data21)){
const err38 = {instancePath:instancePath+"/endorsementJwt/" + i6,schemaPath:"#/properties/endorsementJwt/items/pattern",keyword:"pattern",params:{pattern: "^[a-zA-Z0-9_-]+\\.[a-zA-Z0-9_-]*\\.[a-zA-Z0-9_-]+$"},message:"must match pattern \""+"^[a-zA-Z0-9_-]+\\.[a-zA-Z0-9_-]*\\.[a-zA-Z0-9_-]+$"+"\""};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
else {
const err39 = {instancePath:instancePath+"/endorsementJwt/" + i6,schemaPath:"#/properties/endorsementJwt/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
}
}
else {
const err40 = {instancePath:instancePath+"/endorsementJwt",schemaPath:"#/properties/endorsementJwt/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
if(data.evidence !== undefined){
let data22 = data.evidence;
if(Array.isArray(data22)){
const len8 = data22.length;
for(let i7=0; i7<len8; i7++){
let data23 = data22[i7];
if(data23 && typeof data23 == "object" && !Array.isArray(data23)){
if(data23.type === undefined){
const err41 = {instancePath:instancePath+"/evidence/" + i7,schemaPath:"#/$defs/Evidence/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'"};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
if(data23.id !== undefined){
if(typeof data23.id !== "string"){
const err42 = {instancePath:instancePath+"/evidence/" + i7+"/id",schemaPath:"#/$defs/Evidence/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
}
if(data23.type !== undefined){
let data25 = data23.type;
if(Array.isArray(data25)){
if(data25.length < 1){
const err43 = {instancePath:instancePath+"/evidence/" + i7+"/type",schemaPath:"#/$defs/Evidence/properties/type/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items"};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
const len9 = data25.length;
for(let i8=0; i8<len9; i8++){
if(typeof data25[i8] !== "string"){
const err44 = {instancePath:instancePath+"/evidence/" + i7+"/type/" + i8,schemaPath:"#/$defs/Evidence/properties/type/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
}
const _errs65 = errors;
const len10 = data25.length;
for(let i9=0; i9<len10; i9++){
const _errs66 = errors;
if(!(data25[i9] === "Evidence")){
const err45 = {instancePath:instancePath+"/evidence/" + i7+"/type/" + i9,schemaPath:"#/$defs/Evidence/properties/type/contains/enum",keyword:"enum",params:{allowedValues: schema53.properties.type.contains.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
var valid24 = _errs66 === errors;
if(valid24){
break;
}
}
if(!valid24){
const err46 = {instancePath:instancePath+"/evidence/" + i7+"/type",schemaPath:"#/$defs/Evidence/properties/type/contains",keyword:"contains",params:{minContains: 1},message:"must contain at least 1 valid item(s)"};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
else {
errors = _errs65;
if(vErrors !== null){
if(_errs65){
vErrors.length = _errs65;
}
else {
vErrors = null;
}
}
}
}
else {
const err47 = {instancePath:instancePath+"/evidence/" + i7+"/type",schemaPath:"#/$defs/Evidence/properties/type/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
}
if(data23.narrative !== undefined){
if(typeof data23.narrative !== "string"){
const err48 = {instancePath:instancePath+"/evidence/" + i7+"/narrative",schemaPath:"#/$defs/Evidence/properties/narrative/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
}
if(data23.name !== undefined){
if(typeof data23.name !== "string"){
const err49 = {instancePath:instancePath+"/evidence/" + i7+"/name",schemaPath:"#/$defs/Evidence/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
}
if(data23.description !== undefined){
if(typeof data23.description !== "string"){
const err50 = {instancePath:instancePath+"/evidence/" + i7+"/description",schemaPath:"#/$defs/Evidence/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
}
if(data23.genre !== undefined){
if(typeof data23.genre !== "string"){
const err51 = {instancePath:instancePath+"/evidence/" + i7+"/genre",schemaPath:"#/$defs/Evidence/properties/genre/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
}
if(data23.audience !== undefined){
if(typeof data23.audience !== "string"){
const err52 = {instancePath:instancePath+"/evidence/" + i7+"/audience",schemaPath:"#/$defs/Evidence/properties/audience/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
}
}
}
else {
const err53 = {instancePath:instancePath+"/evidence/" + i7,schemaPath:"#/$defs/Evidence/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
}
}
else {
const err54 = {instancePath:instancePath+"/evidence",schemaPath:"#/properties/evidence/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
}
if(data.issuer !== undefined){
if(!(validate23(data.issuer, {instancePath:instancePath+"/issuer",parentData:data,parentDataProperty:"issuer",rootData,dynamicAnchors}))){
vErrors = vErrors === null ? validate23.errors : vErrors.concat(validate23.errors);
errors = vErrors.length;
}
}
if(data.validFrom !== undefined){
let data34 = data.validFrom;
if(typeof data34 === "string"){
if(!(formats0.validate(data34))){
const err55 = {instancePath:instancePath+"/validFrom",schemaPath:"#/properties/validFrom/format",keyword:"format",params:{format: "date-time"},message:"must match format \""+"date-time"+"\""};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
}
}
else {
const err56 = {instancePath:instancePath+"/validFrom",schemaPath:"#/properties/validFrom/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err56];
}
else {
vErrors.push(err56);
}
errors++;
}
}
if(data.validUntil !== undefined){
let data35 = data.validUntil;
if(typeof data35 === "string"){
if(!(formats0.validate(data35))){
const err57 = {instancePath:instancePath+"/validUntil",schemaPath:"#/properties/validUntil/format",keyword:"format",params:{format: "date-time"},message:"must match format \""+"date-time"+"\""};
if(vErrors === null){
vErrors = [err57];
}
else {
vErrors.push(err57);
}
errors++;
}
}
else {
const err58 = {instancePath:instancePath+"/validUntil",schemaPath:"#/properties/validUntil/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err58];
}
else {
vErrors.push(err58);
}
errors++;
}
}
if(data.proof !== undefined){
let data36 = data.proof;
if(Array.isArray(data36)){
const len11 = data36.length;
for(let i10=0; i10<len11; i10++){
let data37 = data36[i10];
if(data37 && typeof data37 == "object" && !Array.isArray(data37)){
if(data37.type === undefined){
const err59 = {instancePath:instancePath+"/proof/" + i10,schemaPath:"#/$defs/Proof/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'"};
if(vErrors === null){
vErrors = [err59];
}
else {
vErrors.push(err59);
}
errors++;
}
if(data37.type !== undefined){
if(typeof data37.type !== "string"){
const err60 = {instancePath:instancePath+"/proof/" + i10+"/type",schemaPath:"#/$defs/Proof/properties/type/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err60];
}
else {
vErrors.push(err60);
}
errors++;
}
}
if(data37.created !== undefined){
let data39 = data37.created;
if(typeof data39 === "string"){
if(!(formats0.validate(data39))){
const err61 = {instancePath:instancePath+"/proof/" + i10+"/created",schemaPath:"#/$defs/Proof/properties/created/format",keyword:"format",params:{format: "date-time"},message:"must match format \""+"date-time"+"\""};
if(vErrors === null){
vErrors = [err61];
}
else {
vErrors.push(err61);
}
errors++;
}
}
else {
const err62 = {instancePath:instancePath+"/proof/" + i10+"/created",schemaPath:"#/$defs/Proof/properties/created/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err62];
}
else {
vErrors.push(err62);
}
errors++;
}
}
if(data37.cryptosuite !== undefined){
if(typeof data37.cryptosuite !== "string"){
const err63 = {instancePath:instancePath+"/proof/" + i10+"/cryptosuite",schemaPath:"#/$defs/Proof/properties/cryptosuite/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err63];
}
else {
vErrors.push(err63);
}
errors++;
}
}
if(data37.challenge !== undefined){
if(typeof data37.challenge !== "string"){
const err64 = {instancePath:instancePath+"/proof/" + i10+"/challenge",schemaPath:"#/$defs/Proof/properties/challenge/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err64];
}
else {
vErrors.push(err64);
}
errors++;
}
}
if(data37.domain !== undefined){
if(typeof data37.domain !== "string"){
const err65 = {instancePath:instancePath+"/proof/" + i10+"/domain",schemaPath:"#/$defs/Proof/properties/domain/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err65];
}
else {
vErrors.push(err65);
}
errors++;
}
}
if(data37.nonce !== undefined){
if(typeof data37.nonce !== "string"){
const err66 = {instancePath:instancePath+"/proof/" + i10+"/nonce",schemaPath:"#/$defs/Proof/properties/nonce/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err66];
}
else {
vErrors.push(err66);
}
errors++;
}
}
if(data37.proofPurpose !== undefined){
if(typeof data37.proofPurpose !== "string"){
const err67 = {instancePath:instancePath+"/proof/" + i10+"/proofPurpose",schemaPath:"#/$defs/Proof/properties/proofPurpose/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err67];
}
else {
vErrors.push(err67);
}
errors++;
}
}
if(data37.proofValue !== undefined){
if(typeof data37.proofValue !== "string"){
const err68 = {instancePath:instancePath+"/proof/" + i10+"/proofValue",schemaPath:"#/$defs/Proof/properties/proofValue/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err68];
}
else {
vErrors.push(err68);
}
errors++;
}
}
if(data37.verificationMethod !== undefined){
if(typeof data37.verificationMethod !== "string"){
const err69 = {instancePath:instancePath+"/proof/" + i10+"/verificationMethod",schemaPath:"#/$defs/Proof/properties/verificationMethod/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err69];
}
else {
vErrors.push(err69);
}
errors++;
}
}
}
else {
const err70 = {instancePath:instancePath+"/proof/" + i10,schemaPath:"#/$defs/Proof/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err70];
}
else {
vErrors.push(err70);
}
errors++;
}
}
}
else {
const err71 = {instancePath:instancePath+"/proof",schemaPath:"#/properties/proof/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err71];
}
else {
vErrors.push(err71);
}
errors++;
}
}
if(data.credentialSchema !== undefined){
let data47 = data.credentialSchema;
if(Array.isArray(data47)){
const len12 = data47.length;
for(let i11=0; i11<len12; i11++){
let data48 = data47[i11];
if(data48 && typeof data48 == "object" && !Array.isArray(data48)){
if(data48.id === undefined){
const err72 = {instancePath:instancePath+"/credentialSchema/" + i11,schemaPath:"#/$defs/CredentialSchema/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'"};
if(vErrors === null){
vErrors = [err72];
}
else {
vErrors.push(err72);
}
errors++;
}
if(data48.type === undefined){
const err73 = {instancePath:instancePath+"/credentialSchema/" + i11,schemaPath:"#/$defs/CredentialSchema/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'"};
if(vErrors === null){
vErrors = [err73];
}
else {
vErrors.push(err73);
}
errors++;
}
if(data48.id !== undefined){
if(typeof data48.id !== "string"){
const err74 = {instancePath:instancePath+"/credentialSchema/" + i11+"/id",schemaPath:"#/$defs/CredentialSchema/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err74];
}
else {
vErrors.push(err74);
}
errors++;
}
}
if(data48.type !== undefined){
if(typeof data48.type !== "string"){
const err75 = {instancePath:instancePath+"/credentialSchema/" + i11+"/type",schemaPath:"#/$defs/CredentialSchema/properties/type/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err75];
}
else {
vErrors.push(err75);
}
errors++;
}
}
}
else {
const err76 = {instancePath:instancePath+"/credentialSchema/" + i11,schemaPath:"#/$defs/CredentialSchema/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err76];
}
else {
vErrors.push(err76);
}
errors++;
}
}
}
else {
const err77 = {instancePath:instancePath+"/credentialSchema",schemaPath:"#/properties/credentialSchema/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err77];
}
else {
vErrors.push(err77);
}
errors++;
}
}
if(data.credentialStatus !== undefined){
let data51 = data.credentialStatus;
if(data51 && typeof data51 == "object" && !Array.isArray(data51)){
if(data51.id === undefined){
const err78 = {instancePath:instancePath+"/credentialStatus",schemaPath:"#/$defs/CredentialStatus/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'"};
if(vErrors === null){
vErrors = [err78];
}
else {
vErrors.push(err78);
}
errors++;
}
if(data51.type === undefined){
const err79 = {instancePath:instancePath+"/credentialStatus",schemaPath:"#/$defs/CredentialStatus/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'"};
if(vErrors === null){
vErrors = [err79];
}
else {
vErrors.push(err79);
}
errors++;
}
if(data51.id !== undefined){
if(typeof data51.id !== "string"){
const err80 = {instancePath:instancePath+"/credentialStatus/id",schemaPath:"#/$defs/CredentialStatus/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err80];
}
else {
vErrors.push(err80);
}
errors++;
}
}
if(data51.type !== undefined){
if(typeof data51.type !== "string"){
const err81 = {instancePath:instancePath+"/credentialStatus/type",schemaPath:"#/$defs/CredentialStatus/properties/type/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err81];
}
else {
vErrors.push(err81);
}
errors++;
}
}
}
else {
const err82 = {instancePath:instancePath+"/credentialStatus",schemaPath:"#/$defs/CredentialStatus/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err82];
}
else {
vErrors.push(err82);
}
errors++;
}
}
if(data.refreshService !== undefined){
let data54 = data.refreshService;
if(data54 && typeof data54 == "object" && !Array.isArray(data54)){
if(data54.id === undefined){
const err83 = {instancePath:instancePath+"/refreshService",schemaPath:"#/$defs/RefreshService/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'"};
if(vErrors === null){
vErrors = [err83];
}
else {
vErrors.push(err83);
}
errors++;
}
if(data54.type === undefined){
const err84 = {instancePath:instancePath+"/refreshService",schemaPath:"#/$defs/RefreshService/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'"};
if(vErrors === null){
vErrors = [err84];
}
else {
vErrors.push(err84);
}
errors++;
}
if(data54.id !== undefined){
if(typeof data54.id !== "string"){
const err85 = {instancePath:instancePath+"/refreshService/id",schemaPath:"#/$defs/RefreshService/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err85];
}
else {
vErrors.push(err85);
}
errors++;
}
}
if(data54.type !== undefined){
if(typeof data54.type !== "string"){
const err86 = {instancePath:instancePath+"/refreshService/type",schemaPath:"#/$defs/RefreshService/properties/type/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err86];
}
else {
vErrors.push(err86);
}
errors++;
}
}
}
else {
const err87 = {instancePath:instancePath+"/refreshService",schemaPath:"#/$defs/RefreshService/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err87];
}
else {
vErrors.push(err87);
}
errors++;
}
}
if(data.termsOfUse !== undefined){
let data57 = data.termsOfUse;
if(Array.isArray(data57)){
const len13 = data57.length;
for(let i12=0; i12<len13; i12++){
let data58 = data57[i12];
if(data58 && typeof data58 == "object" && !Array.isArray(data58)){
if(data58.type === undefined){
const err88 = {instancePath:instancePath+"/termsOfUse/" + i12,schemaPath:"#/$defs/TermsOfUse/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'"};
if(vErrors === null){
vErrors = [err88];
}
else {
vErrors.push(err88);
}
errors++;
}
if(data58.id !== undefined){
if(typeof data58.id !== "string"){
const err89 = {instancePath:instancePath+"/termsOfUse/" + i12+"/id",schemaPath:"#/$defs/TermsOfUse/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err89];
}
else {
vErrors.push(err89);
}
errors++;
}
}
if(data58.type !== undefined){
if(typeof data58.type !== "string"){
const err90 = {instancePath:instancePath+"/termsOfUse/" + i12+"/type",schemaPath:"#/$defs/TermsOfUse/properties/type/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err90];
}
else {
vErrors.push(err90);
}
errors++;
}
}
}
else {
const err91 = {instancePath:instancePath+"/termsOfUse/" + i12,schemaPath:"#/$defs/TermsOfUse/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err91];
}
else {
vErrors.push(err91);
}
errors++;
}
}
}
else {
const err92 = {instancePath:instancePath+"/termsOfUse",schemaPath:"#/properties/termsOfUse/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err92];
}
else {
vErrors.push(err92);
}
errors++;
}
}
}
else {
const err93 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err93];
}
else {
vErrors.push(err93);
}
errors++;
}
validate18.errors = vErrors;
return errors === 0;
}
validate18.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

return validate18;
})();
export default validate;
export { validate };
