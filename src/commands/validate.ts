import { Flags } from '@oclif/core';
import { BaseCommand } from '../base-command.js';
import { ExitCode } from '../lib/errors.js';
import { loadManifests, hasErrors } from '../lib/manifest/load.js';
import { inputFlags, noteSkippedDirectory } from '../lib/manifest/flags.js';
import { formatFinding, summaryLine, validationJson, errorFindingJson } from '../lib/output/findings.js';
import { UserError } from '../lib/errors.js';
import type { Strictness } from '../lib/validation/types.js';

export default class Validate extends BaseCommand {
  static override summary = 'Check Kuma resources offline: YAML, schema, Kuma rules and mesh membership';
  static override description = `Reads Universal or Kubernetes-style YAML (files, directories, stdin, http(s) URLs), resolves the mesh
of every resource and checks it the way kuma-cp 2.14 would, without contacting a control plane.
Exit codes: 0 valid (warnings allowed), 3 invalid, 2 usage error.`;

  static override examples = [
    '<%= config.bin %> validate --file mesh.yaml',
    '<%= config.bin %> validate --file policies/ --recursive --mesh team-a',
    'cat mesh.yaml | <%= config.bin %> validate --file -',
    '<%= config.bin %> validate --file policies/ --recursive --validate warn --output json',
  ];

  static override flags = {
    ...inputFlags,
    output: Flags.string({ char: 'o', summary: 'Output format', options: ['text', 'json'], default: 'text' }),
    'disallow-multiple-meshes-per-namespace': Flags.boolean({
      summary: 'Make workloads of several meshes in one Kubernetes namespace an error',
      default: false,
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Validate);
    const result = await loadManifests(flags.file, {
      recursive: flags.recursive,
      ...(flags.mesh !== undefined ? { flagMesh: flags.mesh } : {}),
      strictness: flags.validate as Strictness,
      // validate reports findings, names and places: no document is needed once it is checked
      keepDocuments: false,
      disallowMultipleMeshesPerNamespace: flags['disallow-multiple-meshes-per-namespace'],
      onSkippedDirectory: noteSkippedDirectory,
    }).catch((err: unknown) => {
      // `-o json | jq` always gets a document, also when an input cannot be read
      if (flags.output === 'json' && err instanceof UserError) {
        process.stdout.write(`${JSON.stringify({ valid: false, resources: [], workloads: [], findings: [errorFindingJson(err.message)] }, null, 2)}\n`);
      }
      throw err;
    });
    if (flags.output === 'json') {
      process.stdout.write(`${JSON.stringify(validationJson(result), null, 2)}\n`);
    } else {
      const lines = result.findings.map(formatFinding);
      lines.push(summaryLine(result));
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    if (hasErrors(result.findings)) this.exit(ExitCode.INVALID_INPUT);
  }
}
