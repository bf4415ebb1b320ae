/**
 * SBOM drift: a package a lockfile pins for the product (not for development only) that no SBOM in the
 * workspace lists at that version, so the SBOM no longer describes what ships. Packages and components are compared by package URL: type, name and
 * version, without qualifiers (`?package-id=…`), with a scope's `%40` decoded and Python names normalised.
 */
import type { FileContributions, Finding, LockedPackage, Severity } from '../model';
import { RuleName } from './ruleCatalog';

/** `npm/@babel/core@7.26.0`: what a purl names, for comparison; undefined for something that is not a purl. */
export function purlKey(purl: string): { readonly key: string; readonly name: string; readonly version: string } | undefined {
  const text = purl.trim();
  if (!text.startsWith('pkg:')) {
    return undefined;
  }
  const rest = text.slice(4).split(/[?#]/, 1)[0]!;
  const slash = rest.indexOf('/');
  const at = rest.lastIndexOf('@');
  if (slash <= 0 || at <= slash + 1 || at === rest.length - 1) {
    return undefined;
  }
  const type = rest.slice(0, slash).toLowerCase();
  let name = decode(rest.slice(slash + 1, at));
  if (type === 'pypi') {
    name = name.toLowerCase().replace(/[-_.]+/g, '-');
  }
  const version = decode(rest.slice(at + 1));
  return { key: `${type}/${name}@${version}`, name: `${type}/${name}`, version };
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The lockfiles' packages and the SBOMs' components, kept as files change; drift is checked across both. */
export class SbomDriftTracker {
  readonly #packages = new Map<string, readonly LockedPackage[]>();
  /** Component keys (see {@link purlKey}) per SBOM file. */
  readonly #components = new Map<string, readonly { key: string; name: string; version: string }[]>();
  #dirty = false;
  /** Lockfiles gone since the last check: their findings go too. */
  readonly #gone = new Set<string>();

  /** Takes a file's new contributions (undefined: gone). */
  update(path: string, contributions: FileContributions | undefined): void {
    const packages = contributions?.packages ?? [];
    const components = (contributions?.items ?? []).flatMap((item) => {
      const key = item.kind === 'component' ? purlKey(item.attributes['purl'] ?? item.id) : undefined;
      return key ? [key] : [];
    });
    if (packages.length > 0 || this.#packages.has(path)) {
      this.#set(this.#packages, path, packages);
      if (packages.length === 0) {
        this.#gone.add(path);
      }
    }
    if (components.length > 0 || this.#components.has(path)) {
      this.#set(this.#components, path, components);
    }
  }

  #set<T>(map: Map<string, readonly T[]>, path: string, values: readonly T[]): void {
    this.#dirty = true;
    if (values.length > 0) {
      map.set(path, values);
    } else {
      map.delete(path);
    }
  }

  /**
   * The drift findings of every lockfile, by path, when something changed since the last call (undefined
   * otherwise); a lockfile whose findings went is in the map with none. Without any SBOM there is nothing to
   * drift from, and no finding.
   */
  check(severity: Severity | undefined): Map<string, Finding[]> | undefined {
    if (!this.#dirty) {
      return undefined;
    }
    this.#dirty = false;
    const listed = new Set<string>();
    const versions = new Map<string, Set<string>>();
    for (const component of [...this.#components.values()].flat()) {
      listed.add(component.key);
      versions.set(component.name, (versions.get(component.name) ?? new Set()).add(component.version));
    }
    const findings = new Map<string, Finding[]>([...this.#gone].map((path) => [path, []]));
    this.#gone.clear();
    for (const [path, packages] of this.#packages) {
      // A development-only package does not ship, and SBOM generators leave it out by default.
      const drifted = severity === undefined || listed.size === 0 ? [] : packages.filter((pkg) => !pkg.dev && !listed.has(purlKey(pkg.purl)?.key ?? pkg.purl));
      findings.set(
        path,
        drifted.map((pkg) => {
          const other = [...(versions.get(purlKey(pkg.purl)?.name ?? '') ?? [])];
          const sbomSays = other.length > 0 ? `the SBOM lists ${other.join(', ')}` : 'no SBOM lists it at all';
          return {
            rule: RuleName.SbomDrift,
            severity: severity!,
            message: `${pkg.name} ${pkg.version} is pinned here, but ${sbomSays}: regenerate the SBOM, or leave this lockfile out with "sbomDrift.ignore" in jsp-trace.jsonc.`,
            item: pkg.purl,
            location: { path, range: pkg.range },
            related: [],
          };
        }),
      );
    }
    return findings;
  }
}
