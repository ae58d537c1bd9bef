import type { Workload } from '../workload/schema.js';
import {
  resolveStreamRef,
  type DeclaredEventSourceMapping,
  type DeclaredFirehose,
  type DeclaredFlink,
  type DeclaredResource,
  type DeclaredStream,
  type IacFile,
} from './declared.js';

/** Which declared resource each part of the workload is, by index in its list; and what is left on either side. */
export interface IacMatches {
  streams: (DeclaredStream | undefined)[];
  firehose: (DeclaredFirehose | undefined)[];
  flink: (DeclaredFlink | undefined)[];
  /** Event source mappings of a matched stream, with that stream's index. */
  eventSources: { resource: DeclaredEventSourceMapping; streamIndex: number | undefined }[];
  /** `iac:` fields that name no resource of the files: bad input. */
  unresolved: { path: (string | number)[]; ref: string }[];
  /** Resources no part of the workload describes. */
  unmatched: DeclaredResource[];
}

/** True when `ref` names the resource: its address or logical id, its local name, or its AWS name. */
function isNamed(r: DeclaredResource, ref: string): boolean {
  return r.id === ref || r.localName === ref || (r.name?.isKnown === true && r.name.value === ref);
}

/** The resource of a kind for a workload part: the one its `iac:` names, else the one with its name. */
function pick<R extends DeclaredResource>(
  candidates: readonly R[],
  name: string,
  iac: string | undefined,
  taken: Set<R>,
): R | undefined {
  const free = candidates.filter((r) => !taken.has(r));
  const found =
    iac !== undefined
      ? (free.find((r) => r.id === iac) ?? free.find((r) => isNamed(r, iac)))
      : (free.find((r) => r.name?.isKnown === true && r.name.value === name) ??
        free.find((r) => r.localName === name || r.id === name));
  if (found) taken.add(found);
  return found;
}

/**
 * Matches each workload stream, Firehose stage and Flink application to its declared resource: by the `iac:` field
 * when it has one, else by name (the AWS name first, then the Terraform resource name or logical id). EFO consumers
 * and event source mappings belong to the stream they read.
 */
export function matchIac(w: Workload, files: readonly IacFile[]): IacMatches {
  const all = files.flatMap((f) => f.resources);
  const ofKind = <K extends DeclaredResource['kind']>(kind: K) =>
    all.filter((r): r is Extract<DeclaredResource, { kind: K }> => r.kind === kind);
  const declaredStreams = ofKind('stream');
  const taken = new Set<DeclaredResource>();
  const unresolved: IacMatches['unresolved'] = [];
  const matchList = <R extends DeclaredResource>(
    list: 'streams' | 'firehose' | 'flink',
    parts: readonly { name: string; iac?: string | undefined }[],
    candidates: readonly R[],
  ) =>
    parts.map((p, i) => {
      const r = pick(candidates, p.name, p.iac, taken as Set<R>);
      if (!r && p.iac !== undefined) unresolved.push({ path: [list, i, 'iac'], ref: p.iac });
      return r;
    });
  const streams = matchList('streams', w.streams, declaredStreams);
  const firehose = matchList('firehose', w.firehose, ofKind('firehose'));
  const flink = matchList('flink', w.flink, ofKind('flink'));
  const streamIndexOf = (
    r: DeclaredEventSourceMapping | Extract<DeclaredResource, { kind: 'efo-consumer' }>,
  ) => {
    const s = resolveStreamRef(r.stream, declaredStreams);
    const i = s ? streams.indexOf(s) : -1;
    return i >= 0 ? i : undefined;
  };
  for (const c of ofKind('efo-consumer')) {
    const i = streamIndexOf(c);
    if (i === undefined) continue;
    const stream = w.streams[i]!;
    const name = c.name?.isKnown === true ? c.name.value : undefined;
    const isDescribed =
      stream.consumers.some((x) => x.type === 'efo' && (name === undefined || x.name === name)) ||
      w.flink.some(
        (f) =>
          f.source.stream === stream.name &&
          f.source.type === 'efo' &&
          (name === undefined || f.name === name),
      );
    if (isDescribed) taken.add(c);
  }
  const eventSources = ofKind('lambda-esm').map((resource) => {
    const streamIndex = streamIndexOf(resource);
    if (streamIndex !== undefined && w.streams[streamIndex]!.consumers.some((c) => c.type === 'lambda'))
      taken.add(resource);
    return { resource, streamIndex };
  });
  return { streams, firehose, flink, eventSources, unresolved, unmatched: all.filter((r) => !taken.has(r)) };
}
