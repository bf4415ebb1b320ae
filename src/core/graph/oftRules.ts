/**
 * OpenFastTrace's tracing, for its specification items: an item is covered once, for each artifact type it
 * needs, an item of that type covers it; a link from a type it does not need is unwanted; a link to another
 * revision than the one defined is outdated (or, to a newer one, predated). Each rule looks one link away,
 * like the JSP rules; what OpenFastTrace calls deep coverage (the items below covered in turn) is left to the
 * findings of those items.
 */
import type { ItemDefinition, Link } from '../model';
import type { TraceGraph } from './graph';
import { RuleName } from './ruleCatalog';
import type { Report } from './maintenanceRules';
import { parseOftId } from '../extract/oftIds';

/** The defined revisions of OpenFastTrace items, as the rules ask for them. */
export interface OftRevisionsView {
  otherRevisions(id: string): readonly string[];
}

/** The artifact types an item needs (`Needs: impl, utest`, or a tag's `>> impl, utest`). */
export function neededArtifactTypes(item: ItemDefinition): string[] {
  return (item.attributes['needs'] ?? '').split(',').map((type) => type.trim()).filter(Boolean);
}

/** The links that cover an item, each with the artifact type of the item it comes from. */
function coveringLinks(item: ItemDefinition, graph: TraceGraph): { link: Link; type: string }[] {
  return graph.incoming(item.id).flatMap((link) => {
    const type = link.type === 'covers' && link.from !== undefined ? parseOftId(link.from)?.artifactType : undefined;
    return type === undefined ? [] : [{ link, type }];
  });
}

/** An OpenFastTrace item's trace status, as its CodeLens and hover show it: `covers req~x~1 · impl covered · utest missing`. */
export function specificationStatus(item: ItemDefinition, graph: TraceGraph): string[] {
  const needs = neededArtifactTypes(item);
  const covered = new Set(coveringLinks(item, graph).map(({ type }) => type));
  const targets = [...new Set(graph.outgoing(item.id).filter((link) => link.type === 'covers').map((link) => link.to))];
  const parts = targets.length > 0 ? [`covers ${targets.join(', ')}`] : [];
  const have = needs.filter((type) => covered.has(type));
  const missing = needs.filter((type) => !covered.has(type));
  parts.push(...(have.length > 0 ? [`${have.join(', ')} covered`] : []), ...(missing.length > 0 ? [`${missing.join(', ')} missing`] : []));
  return parts.length > 0 ? parts : ['needs no coverage'];
}

/** `oft-uncovered-artifact-type` and `oft-unwanted-coverage` for one OpenFastTrace item. */
export function checkSpecificationItem(item: ItemDefinition, graph: TraceGraph, report: Report): void {
  const needs = neededArtifactTypes(item);
  const rejected = isRejected(item);
  const covered = new Set<string>();
  for (const { link, type } of coveringLinks(item, graph)) {
    if (needs.includes(type)) {
      covered.add(type);
    } else if (!rejected || !isRejected(graph.item(link.from!))) {
      const wanted = needs.length === 0 ? 'needs no coverage' : `needs only ${needs.join(', ')}`;
      report(RuleName.OftUnwantedCoverage, link.location, `${link.from} covers ${label(item)}, which ${wanted}: remove the link, or add "${type}" to the item's "Needs:".`);
    }
  }
  const missing = needs.filter((type) => !covered.has(type));
  if (!rejected && missing.length > 0) {
    const tag = `[${missing[0]}->${item.id}]`;
    report(
      RuleName.OftUncoveredArtifactType,
      item.location,
      `${label(item)} needs ${needs.join(', ')}, but nothing of artifact type ${missing.join(' or ')} covers it: add a tag such as ${tag}, or an item that "Covers:" it.`,
    );
  }
}

/**
 * `oft-outdated-link` for a coverage link to an ID that is not defined while another revision of its item
 * is; returns false (and reports nothing) when no revision of the item is defined.
 */
export function checkOutdatedLink(link: Link, revisions: OftRevisionsView, report: Report): boolean {
  const linked = parseOftId(link.to);
  const others = [...revisions.otherRevisions(link.to)].sort((a, b) => parseOftId(a)!.revision - parseOftId(b)!.revision);
  if (!linked || others.length === 0) {
    return false;
  }
  const newest = others[others.length - 1]!;
  const source = link.from ?? 'A link';
  const message =
    parseOftId(newest)!.revision > linked.revision
      ? `${source} covers ${link.to}, an outdated revision: ${others.join(', ')} ${others.length === 1 ? 'is' : 'are'} defined now. Check what changed in the item, then cover ${newest}.`
      : `${source} covers ${link.to}, a revision newer than the one defined (${others.join(', ')}): correct the link's revision.`;
  report(RuleName.OftOutdatedLink, link.location, message);
  return true;
}

function isRejected(item: ItemDefinition | undefined): boolean {
  return item?.attributes['status'] === 'rejected';
}

function label(item: ItemDefinition): string {
  return item.title ? `${item.id} "${item.title}"` : item.id;
}
