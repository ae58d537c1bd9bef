import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import {
  AnnotatedType,
  AnyType,
  ArrayType,
  BooleanType,
  Context,
  DEFAULT_CONFIG,
  LiteralType,
  NullType,
  NumberType,
  ObjectProperty,
  ObjectType,
  SchemaGenerator,
  StringType,
  TupleType,
  UndefinedType,
  UnionType,
  UnknownType,
  createFormatter,
  createParser,
  ChainNodeParser,
  DefinitionType,
  ExtendedAnnotationsReader,
  type BaseType,
  type ReferenceType,
  type CompletedConfig,
  type Schema,
  type SubNodeParser,
} from 'ts-json-schema-generator';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A report type and where its schema is committed. */
export interface ReportSchemaSpec {
  /** The exported TypeScript type, e.g. `PlanReport`. */
  type: string;
  /** The module that declares it, relative to the package root. */
  source: string;
  /** The committed schema file, relative to the package root. */
  file: string;
  title: string;
  /** The schema's `$id`, beside the workload schema's (`https://kinesis-plan.dev/schema/workload-v1.json`). */
  id: string;
}

/** The JSON reports the CLI prints with `--format json`, each with its schema file (schemaVersion 1). */
export const REPORT_SCHEMAS: readonly ReportSchemaSpec[] = [
  spec('PlanReport', 'src/contract/plan-report.ts', 'plan-report', 'kinesis-plan plan --format json'),
  spec('CheckReport', 'src/report/check.ts', 'check-report', 'kinesis-plan check --format json'),
  spec('SimReport', 'src/report/sim-json.ts', 'simulate-report', 'kinesis-plan simulate --format json'),
];

function spec(type: string, source: string, name: string, title: string): ReportSchemaSpec {
  return { type, source, file: `schema/${name}.v1.json`, title, id: `https://kinesis-plan.dev/schema/${name}.v1.json` };
}

/** Absolute path of a file in the package. */
export function packagePath(relative: string): string {
  return `${ROOT}${relative}`;
}

/**
 * True for a reference to a type from the zod package (`z.output<typeof schema>`, `z.infer<…>`): the generator cannot
 * read zod's generic machinery, so those types are read through the type checker instead.
 */
function isZodReference(node: ts.Node, checker: ts.TypeChecker): node is ts.TypeReferenceNode {
  if (!ts.isTypeReferenceNode(node)) return false;
  const name = ts.isQualifiedName(node.typeName) ? node.typeName.right : node.typeName;
  let symbol = checker.getSymbolAtLocation(name);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  return (symbol?.declarations ?? []).some((d) => /[\\/]node_modules[\\/]zod[\\/]/.test(d.getSourceFile().fileName));
}

/** Converts a resolved checker type (the output of a zod schema: plain data) into the generator's types. */
function fromChecker(type: ts.Type, checker: ts.TypeChecker, depth = 0): BaseType {
  if (depth > 32) throw new Error(`type too deep to convert: ${checker.typeToString(type)}`);
  const f = type.flags;
  if (f & ts.TypeFlags.Any) return new AnyType();
  if (f & ts.TypeFlags.Unknown) return new UnknownType(false);
  if (f & ts.TypeFlags.Boolean) return new BooleanType();
  if (f & ts.TypeFlags.String) return new StringType();
  if (f & ts.TypeFlags.Number) return new NumberType();
  if (f & ts.TypeFlags.Undefined) return new UndefinedType();
  if (f & ts.TypeFlags.Null) return new NullType();
  if (type.isStringLiteral() || type.isNumberLiteral()) return new LiteralType(type.value);
  if (f & ts.TypeFlags.BooleanLiteral) return new LiteralType(checker.typeToString(type) === 'true');
  if (type.isUnion()) {
    const members = type.types;
    const hasTrue = members.some((t) => t.flags & ts.TypeFlags.BooleanLiteral && checker.typeToString(t) === 'true');
    const hasFalse = members.some((t) => t.flags & ts.TypeFlags.BooleanLiteral && checker.typeToString(t) === 'false');
    const rest = members.filter((t) => !(hasTrue && hasFalse && t.flags & ts.TypeFlags.BooleanLiteral));
    return new UnionType([...rest.map((t) => fromChecker(t, checker, depth + 1)), ...(hasTrue && hasFalse ? [new BooleanType()] : [])]);
  }
  if (checker.isArrayType(type)) {
    const [item] = checker.getTypeArguments(type as ts.TypeReference);
    return new ArrayType(item ? fromChecker(item, checker, depth + 1) : new UnknownType(false));
  }
  if (checker.isTupleType(type)) {
    return new TupleType(checker.getTypeArguments(type as ts.TypeReference).map((t) => fromChecker(t, checker, depth + 1)));
  }
  if (f & ts.TypeFlags.Object) {
    const properties = checker.getPropertiesOfType(type).map((p) => {
      const propType = checker.getTypeOfSymbol(p);
      return new ObjectProperty(p.name, fromChecker(propType, checker, depth + 1), !(p.flags & ts.SymbolFlags.Optional));
    });
    const index = checker.getIndexInfosOfType(type)[0];
    const id = `zod-${checker.typeToString(type, undefined, ts.TypeFormatFlags.NoTruncation)}`;
    return new ObjectType(id, [], properties, index ? fromChecker(index.type, checker, depth + 1) : false);
  }
  throw new Error(`cannot convert ${checker.typeToString(type)} to a JSON Schema type`);
}

/** Reads types inferred from zod schemas through the type checker. */
class ZodInferredTypeParser implements SubNodeParser {
  constructor(private readonly checker: ts.TypeChecker) {}
  supportsNode(node: ts.Node): boolean {
    return isZodReference(node, this.checker);
  }
  createType(node: ts.Node, _context: Context): BaseType {
    return fromChecker(this.checker.getTypeFromTypeNode(node as ts.TypeNode), this.checker);
  }
}

/**
 * Gives a type that is exported under the same name from several modules (e.g. `CostLine` in src/plan/cost.ts and
 * src/plan/firehose.ts) a definition name qualified by its module (`cost.CostLine`, `firehose.CostLine`); the
 * generator otherwise refuses two definitions of one name.
 */
class QualifiedDuplicateNameParser implements SubNodeParser {
  private readonly busy = new Set<ts.Node>();
  constructor(
    private readonly chain: ChainNodeParser,
    private readonly duplicates: ReadonlySet<string>,
  ) {}
  supportsNode(node: ts.Node): boolean {
    return !this.busy.has(node) && isNamedTypeDeclaration(node) && this.duplicates.has(node.name.text);
  }
  createType(node: ts.Node, context: Context, reference?: ReferenceType): BaseType {
    this.busy.add(node);
    try {
      const type = this.chain.createType(node, context, reference);
      if (!(type instanceof DefinitionType) || !isNamedTypeDeclaration(node)) return type;
      const module = node.getSourceFile().fileName.replace(/^.*[\\/]/, '').replace(/\.ts$/, '');
      return new DefinitionType(type.getName().replace(node.name.text, `${module}.${node.name.text}`), type.getType());
    } finally {
      this.busy.delete(node);
    }
  }
}

const FINDING_SOURCE = 'src/vocab/findings.ts';

/**
 * Publishes `Finding` (src/vocab/findings.ts), a union with one member per code and typed arguments, as the one object
 * the reports' schemas have always described: `code` a string and `args` a record of strings, numbers and booleans.
 * Each code's arguments are an internal type, not part of the versioned schema; the description is the union's doc
 * comment.
 */
class LooseFindingParser implements SubNodeParser {
  constructor(
    private readonly chain: ChainNodeParser,
    private readonly annotations: ExtendedAnnotationsReader,
  ) {}
  supportsNode(node: ts.Node): boolean {
    return ts.isTypeAliasDeclaration(node) && node.name.text === 'Finding' && node.getSourceFile().fileName === packagePath(FINDING_SOURCE);
  }
  createType(node: ts.Node): BaseType {
    const severityDeclaration = node
      .getSourceFile()
      .statements.find((s) => ts.isTypeAliasDeclaration(s) && s.name.text === 'Severity');
    if (!severityDeclaration) throw new Error(`${FINDING_SOURCE}: expected Severity beside Finding`);
    const severity = this.chain.createType(severityDeclaration, new Context());
    const args = new ObjectType('Finding.args', [], [], new UnionType([new StringType(), new NumberType(), new BooleanType()]));
    const finding = new ObjectType(
      'Finding',
      [],
      [
        new ObjectProperty('code', new StringType(), true),
        new ObjectProperty('severity', severity, true),
        new ObjectProperty('path', new StringType(), true),
        new ObjectProperty('args', args, true),
      ],
      false,
    );
    return new DefinitionType('Finding', new AnnotatedType(finding, this.annotations.getAnnotations(node) ?? {}, false));
  }
}

type NamedTypeDeclaration = ts.InterfaceDeclaration | ts.TypeAliasDeclaration | ts.EnumDeclaration;

function isNamedTypeDeclaration(node: ts.Node): node is NamedTypeDeclaration {
  return ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node) || ts.isEnumDeclaration(node);
}

/** Names of types exported by more than one module of the package. */
function duplicateTypeNames(program: ts.Program): Set<string> {
  const seen = new Map<string, number>();
  for (const file of program.getSourceFiles()) {
    if (file.isDeclarationFile || !file.fileName.startsWith(`${ROOT}src/`)) continue;
    for (const statement of file.statements) {
      if (!isNamedTypeDeclaration(statement)) continue;
      if (!statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
      seen.set(statement.name.text, (seen.get(statement.name.text) ?? 0) + 1);
    }
  }
  return new Set([...seen].filter(([, n]) => n > 1).map(([name]) => name));
}

/** Generator settings shared by every report type. */
const CONFIG: CompletedConfig = {
  ...DEFAULT_CONFIG,
  expose: 'export',
  jsDoc: 'extended',
  additionalProperties: false,
  skipTypeCheck: true,
  topRef: false,
};

/** A TypeScript program over the report modules, compiled with the package's tsconfig (tsc checks the types). */
function reportProgram(sources: readonly string[]): ts.Program {
  const file = packagePath('tsconfig.json');
  const read = ts.readConfigFile(file, (f) => ts.sys.readFile(f));
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, ROOT, {}, file);
  return ts.createProgram(sources.map(packagePath), { ...parsed.options, noEmit: true });
}

/**
 * Generates the JSON Schema (draft-07) of each report type from its TypeScript declaration, with a title, the schema
 * version and a note that the file is generated. One TypeScript program serves every type.
 */
export function generateReportSchemas(specs: readonly ReportSchemaSpec[]): Map<string, Schema> {
  const config = CONFIG;
  const program = reportProgram(specs.map((s) => s.source));
  const checker = program.getTypeChecker();
  const parser = createParser(program, config, (p) => {
    p.addNodeParser(new ZodInferredTypeParser(checker));
    if (!(p instanceof ChainNodeParser)) throw new Error('ts-json-schema-generator: expected its chain parser');
    p.addNodeParser(new LooseFindingParser(p, new ExtendedAnnotationsReader(checker)));
    p.addNodeParser(new QualifiedDuplicateNameParser(p, duplicateTypeNames(program)));
  });
  const generator = new SchemaGenerator(program, parser, createFormatter(config), config);
  const out = new Map<string, Schema>();
  for (const spec of specs) {
    const schema = generator.createSchema(spec.type);
    out.set(spec.type, {
      $schema: schema.$schema,
      $id: spec.id,
      $comment: `Generated from the ${spec.type} type in ${spec.source} by \`npm run schema:reports\`; do not edit.`,
      title: spec.title,
      ...schema,
    });
  }
  return out;
}

/** A schema as committed: two-space indented JSON with one trailing newline. */
export function schemaText(schema: Schema): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
