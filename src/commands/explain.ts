import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../base-command.js';
import { explain, parseExplainTarget } from '../lib/explain/index.js';

export default class Explain extends BaseCommand {
  static override summary = 'Describe the fields of a resource type, offline';
  static override description =
    "Shows a type's fields, their types, allowed values and defaults, read from the JSON Schemas kumactl validates with " +
    '(like kubectl explain). Walk into a field with dots: lists are entered transparently (meshtimeout.spec.to.default), ' +
    'maps with <key> (mesh.labels.<key>). TYPE is a type name or one of its CLI names (Mesh, mesh, meshes).';

  static override examples = [
    '<%= config.bin %> explain meshtimeout',
    '<%= config.bin %> explain meshtimeout.spec.to',
    '<%= config.bin %> explain mesh.mtls.backends --recursive',
  ];

  static override args = {
    target: Args.string({ description: 'TYPE[.FIELD.PATH], e.g. meshtimeout.spec.to.default', required: true }),
  };

  static override flags = {
    recursive: Flags.boolean({ char: 'r', summary: 'Show every field below, as a tree of names and types', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Explain);
    const { type, path } = parseExplainTarget(args.target);
    process.stdout.write(explain(type, path, { recursive: flags.recursive }));
  }
}
