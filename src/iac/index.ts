import { InputError } from '../errors.js';
import { isCloudFormation, readCloudFormation } from './cloudformation.js';
import type { IacFile } from './declared.js';
import { parseLocated } from './located.js';
import { readTerraformPlan } from './terraform.js';
import { objectAt } from './values.js';

export { readTerraformConfig } from './terraform.js';
export type * from './declared.js';

/**
 * Reads a CloudFormation template (JSON or YAML, CDK's included) or a Terraform plan's JSON, told apart by content.
 * Terraform configuration (.tf) is read by readTerraformConfig, from HCL the CLI has turned into JSON.
 */
export function readIacText(text: string, file: string): IacFile {
  const doc = parseLocated(text, file, 'JSON or YAML');
  const top = objectAt(doc.value);
  if (top && (Array.isArray(top.resource_changes) || typeof top.terraform_version === 'string'))
    return readTerraformPlan(doc, file);
  if (isCloudFormation(doc.value)) return readCloudFormation(doc, file);
  throw new InputError({
    file,
    line: 1,
    message: 'neither a CloudFormation template (no Resources) nor a Terraform plan (no resource_changes)',
    hint: 'pass a template (cdk.out/*.template.json, template.yaml), `terraform show -json PLANFILE` output, or .tf files',
  });
}
