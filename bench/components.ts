/**
 * The components of the generated workspace's SBOM (see bench/evidence.ts): package names of each ecosystem the
 * workspace ships (npm for app/, PyPI for cloud/, Maven for services/, Go for gateway/, Cargo for agent/, generic
 * purls for firmware/), their versions, package URLs and bom-refs as cdxgen and syft write them, their support
 * properties in the many words SBOMs use, and their dependencies.
 */
import { addDays } from '../src/core/util/dates';
import type { Random } from './generate';

/** The day the evidence was written: its dates fall in the year before, and the bench checks the rules with it as today. */
export const EVIDENCE_TODAY = '2026-11-30';

// ---------------------------------------------------------------------------------------------------------
// Components

export type Ecosystem = 'npm' | 'pypi' | 'maven' | 'golang' | 'cargo' | 'generic';

/** Each ecosystem's share of the components, the tool that found them and the folder of the workspace they ship from. */
const ECOSYSTEMS: readonly { readonly ecosystem: Ecosystem; readonly share: number; readonly tool: 'cdxgen' | 'syft' | 'manual'; readonly folder: string }[] = [
  { ecosystem: 'npm', share: 0.36, tool: 'cdxgen', folder: 'app' },
  { ecosystem: 'pypi', share: 0.18, tool: 'cdxgen', folder: 'cloud' },
  { ecosystem: 'maven', share: 0.2, tool: 'cdxgen', folder: 'services' },
  { ecosystem: 'golang', share: 0.12, tool: 'syft', folder: 'gateway' },
  { ecosystem: 'cargo', share: 0.09, tool: 'syft', folder: 'agent' },
  { ecosystem: 'generic', share: 0.05, tool: 'manual', folder: 'firmware' },
];

const words = (text: string): string[] => text.split(/\s+/).filter(Boolean);

/** Package names as they are, then parts the generator joins into more of the same shape. */
const NAMES: Readonly<Record<Ecosystem, { readonly real: readonly string[]; readonly left: readonly string[]; readonly right: readonly string[]; readonly join: string }>> = {
  npm: {
    real: words(`lodash express react react-dom axios debug ms semver chalk commander uuid qs body-parser cookie depd http-errors statuses
      mime-types mime-db on-finished finalhandler send serve-static etag fresh range-parser accepts negotiator content-type vary safe-buffer
      inherits setprototypeof toidentifier iconv-lite raw-body bytes path-to-regexp encodeurl escape-html parseurl proxy-addr ipaddr.js
      jsonwebtoken jws jwa ws socket.io engine.io zod date-fns dayjs rxjs tslib core-js @babel/runtime @babel/core @babel/parser @babel/types
      @emotion/react @emotion/styled @mui/material @mui/system @tanstack/react-query @reduxjs/toolkit redux react-redux immer reselect i18next
      react-i18next classnames clsx prop-types scheduler loose-envify js-tokens object-assign follow-redirects form-data combined-stream
      asynckit delayed-stream proxy-from-env oidc-client-ts jwt-decode node-forge minimatch brace-expansion balanced-match glob yaml ajv
      fast-deep-equal json-schema-traverse punycode postcss nanoid picocolors source-map-js`),
    left: words('is has get to es object array string define call function safe fast json path set typed regexp which side internal available for @pumplink/ui @pumplink/api'),
    right: words('symbols intrinsic bind abstract properties keys values callable regex buffer stream proto errors shim length name each parse stringify deep-equal glob map weakref bigint date-object number-object boolean-object tostringtag iterator'),
    join: '-',
  },
  pypi: {
    real: words(`requests urllib3 certifi idna charset-normalizer fastapi starlette pydantic pydantic-core uvicorn anyio sniffio h11 httpx httpcore
      sqlalchemy alembic psycopg2-binary greenlet cryptography cffi pycparser pyjwt boto3 botocore s3transfer jmespath python-dateutil six pytz
      tzdata numpy pandas click jinja2 markupsafe itsdangerous werkzeug flask gunicorn redis celery kombu billiard vine amqp protobuf grpcio
      googleapis-common-protos pyyaml typing-extensions attrs packaging orjson structlog prometheus-client opentelemetry-api opentelemetry-sdk
      tenacity paho-mqtt pyserial marshmallow email-validator dnspython passlib bcrypt python-multipart jsonschema rpds-py referencing`),
    left: words('py python django flask aio async json yaml toml http dns jwt crypto mqtt redis pg sql open azure google types'),
    right: words('client utils core tools schema parser cache auth storage identity common logging retry signals compat rest api extensions cli'),
    join: '-',
  },
  maven: {
    real: words(`org.springframework:spring-core org.springframework:spring-beans org.springframework:spring-context org.springframework:spring-web
      org.springframework:spring-webmvc com.fasterxml.jackson.core:jackson-core com.fasterxml.jackson.core:jackson-databind
      com.fasterxml.jackson.core:jackson-annotations org.apache.logging.log4j:log4j-api org.apache.logging.log4j:log4j-core org.slf4j:slf4j-api
      ch.qos.logback:logback-classic ch.qos.logback:logback-core org.apache.commons:commons-lang3 org.apache.commons:commons-compress
      commons-io:commons-io commons-codec:commons-codec com.google.guava:guava org.yaml:snakeyaml org.apache.tomcat.embed:tomcat-embed-core
      org.hibernate.orm:hibernate-core org.postgresql:postgresql com.zaxxer:HikariCP com.google.protobuf:protobuf-java
      org.bouncycastle:bcprov-jdk18on org.bouncycastle:bcpkix-jdk18on com.nimbusds:nimbus-jose-jwt io.jsonwebtoken:jjwt-api`),
    left: words('io.netty:netty org.springframework.boot:spring-boot-starter io.micrometer:micrometer io.grpc:grpc software.amazon.awssdk:aws com.fasterxml.jackson.module:jackson-module'),
    right: words(`codec codec-http codec-http2 handler buffer transport transport-native-epoll common resolver resolver-dns web security actuator
      data-jpa data-redis validation json logging tomcat oauth2-resource-server core registry-prometheus observation commons api stub protobuf
      netty-shaded context s3 sts kms sqs sns dynamodb iam cloudwatch secretsmanager iot ssm ec2 ecr lambda auth regions http-client-spi
      apache-client netty-nio-client parameter-names kotlin jdk8 jsr310 afterburner blackbird`),
    join: '-',
  },
  golang: {
    real: words(`github.com/gorilla/mux github.com/gin-gonic/gin golang.org/x/crypto golang.org/x/net golang.org/x/sys golang.org/x/text golang.org/x/sync
      golang.org/x/time golang.org/x/oauth2 golang.org/x/mod google.golang.org/grpc google.golang.org/protobuf github.com/prometheus/client_golang
      github.com/sirupsen/logrus go.uber.org/zap go.uber.org/multierr github.com/spf13/cobra github.com/spf13/viper github.com/spf13/pflag
      github.com/stretchr/testify github.com/davecgh/go-spew gopkg.in/yaml.v3 github.com/golang-jwt/jwt/v5 github.com/eclipse/paho.mqtt.golang
      github.com/jackc/pgx/v5 github.com/redis/go-redis/v9 github.com/cespare/xxhash/v2 github.com/google/uuid`),
    left: words('github.com/aws/aws-sdk-go-v2/service github.com/pumplink github.com/hashicorp github.com/grpc-ecosystem github.com/prometheus github.com/klauspost github.com/go-openapi github.com/opencontainers'),
    right: words(`s3 sts kms sqs iot dynamodb secretsmanager ssm ecr cloudwatch go-retryablehttp go-cleanhttp golang-lru go-multierror go-version
      go-grpc-middleware grpc-gateway common procfs client_model compress cpuid device-registry telemetry-schema swag spec strfmt errors
      image-spec runtime-spec`),
    join: '/',
  },
  cargo: {
    real: words(`serde serde_json serde_derive tokio tokio-util tokio-rustls rustls rustls-pemfile ring webpki-roots hyper http bytes futures
      futures-util futures-core log tracing tracing-subscriber anyhow thiserror clap clap_derive rand rand_core getrandom libc cfg-if once_cell
      lazy_static regex regex-syntax aho-corasick memchr base64 hex sha2 digest hmac aes-gcm chacha20poly1305 x509-parser der time chrono uuid
      reqwest url percent-encoding smallvec parking_lot crossbeam-channel mio socket2 pin-project-lite syn quote proc-macro2 unicode-ident itoa
      ryu toml rumqttc prost tonic`),
    left: words('tokio futures tracing serde rustls windows wasm crypto async pumplink'),
    right: words('macros core sink io channel sys util stream attributes log derive common bindgen timer agent-proto'),
    join: '-',
  },
  generic: {
    real: words(`mbedtls freertos-kernel lwip zlib tinycbor littlefs mcuboot cmsis-core cmsis-dsp nanopb cjson libcoap tinyusb segger-rtt
      stm32l4xx-hal-driver nimble fatfs micro-ecc tinycrypt unity cmock`),
    left: words('st-stm32 nxp-mcux ti-simplelink nordic-nrfx espressif-esp pumplink-fw'),
    right: words('hal-gpio hal-uart hal-spi hal-i2c hal-adc crypto-accel ble-stack wifi-driver bootloader pump-motor-driver sensor-hub'),
    join: '-',
  },
};

/** Texts that stand in for an end-of-support date, as people write them. */
const EOS_JUSTIFIED = ['Until hardware support ends', 'Supported while the upstream project is maintained', 'Open source: no announced end of support', 'Follows the upstream LTS schedule'];

export type SupportCase = 'supported' | 'unknown' | 'ended';

export interface Component {
  readonly ecosystem: Ecosystem;
  readonly tool: 'cdxgen' | 'syft' | 'manual';
  readonly group: string | undefined;
  readonly name: string;
  readonly version: string;
  /** Without qualifiers: the component's ID in the index. */
  readonly purl: string;
  readonly bomRef: string;
  readonly support: SupportCase;
  readonly properties: readonly (readonly [string, string])[];
  readonly license: string | undefined;
  /** Indexes of the components it depends on. */
  readonly dependsOn: number[];
}

export const hex = (r: Random, length: number): string => Array.from({ length }, () => r.int(0, 15).toString(16)).join('');
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
export const base64 = (r: Random, length: number): string => Array.from({ length }, () => BASE64[r.int(0, 63)]).join('');

export function versionOf(r: Random, ecosystem: Ecosystem, name: string): string {
  const semver = `${r.weighted([[0, 3], [1, 4], [2, 3], [3, 2], [4, 1], [5, 1]])}.${r.int(0, 30)}.${r.int(0, 20)}`;
  if (ecosystem === 'golang') {
    if (r.chance(0.12)) {
      return `v0.0.0-2025${String(r.int(1, 12)).padStart(2, '0')}${String(r.int(10, 28))}${String(r.int(100000, 235959))}-${hex(r, 12)}`;
    }
    return /\/v\d+$/.test(name) || !r.chance(0.04) ? `v${semver}` : `v${r.int(2, 4)}.${r.int(0, 9)}.${r.int(0, 9)}+incompatible`;
  }
  return ecosystem === 'maven' && name.includes('netty') ? `4.1.${r.int(90, 115)}.Final` : semver;
}

export function purlOf(ecosystem: Ecosystem, group: string | undefined, name: string, version: string): string {
  const path = ecosystem === 'npm' && name.startsWith('@') ? `%40${name.slice(1)}` : group ? `${group}/${name}` : name;
  return `pkg:${ecosystem}/${path}@${version}`;
}

/** The names of `count` components of an ecosystem: the real ones first, then joined parts; a few at a second version. */
function componentNames(r: Random, ecosystem: Ecosystem, count: number): { group: string | undefined; name: string }[] {
  const { real, left, right, join } = NAMES[ecosystem];
  const names = [...real, ...r.shuffle(left.flatMap((a) => right.map((b) => `${a}${join}${b}`)).filter((name) => !real.includes(name)))];
  const chosen: string[] = [];
  for (let i = 0; chosen.length < count; i++) {
    const name = i < names.length ? names[i]! : `${names[i % names.length]}-${Math.floor(i / names.length)}`;
    chosen.push(name);
    // Real dependency trees hold some packages at two versions.
    if (chosen.length < count && r.chance(0.08)) {
      chosen.push(name);
    }
  }
  return chosen.map((full) => (ecosystem === 'maven' ? { group: full.slice(0, full.indexOf(':')), name: full.slice(full.indexOf(':') + 1) } : { group: undefined, name: full }));
}

/** The property names of the level of support and the end of support, as three pipelines write them, with their weights. */
const SUPPORT_PROPERTY_NAMES = [
  ['pumplink:levelOfSupport', 'cdx:lifecycle:milestone:endOfSupport', 14],
  ['Level of Support', 'End of Support', 4],
  ['support level', 'eos', 2],
] as const;

/**
 * A component's support properties: messy names and values, as a pipeline and people add them. Each case draws all
 * of its alternatives and keeps one, so the numbers drawn after it do not depend on which.
 */
function supportProperties(r: Random, support: SupportCase): [string, string][] {
  const [levelName, eosName] = r.weighted(SUPPORT_PROPERTY_NAMES.map(([level, eos, weight]) => [[level, eos], weight] as const));
  const future = (): string => {
    const date = addDays(EVIDENCE_TODAY, r.int(60, 2500));
    return r.weighted([[date, 8], [date.slice(0, 7), 2], [date.slice(0, 4), 1], [`${date}T00:00:00Z`, 1], [r.pick(EOS_JUSTIFIED), 3]]);
  };
  const active = (): string => r.weighted([['Actively maintained', 10], ['active', 3], ['Active', 3], ['maintained', 2], ['ACTIVELY MAINTAINED', 1]]);
  switch (support) {
    case 'supported':
      return [[levelName, active()], [eosName, future()]];
    case 'unknown':
      return r.weighted<[string, string][]>([
        [[], 5],
        [[[levelName, r.pick(['community', 'Community-supported', 'best effort', 'vendor', ''])], [eosName, future()]], 2],
        [[[levelName, active()], [eosName, r.pick(['unknown', 'TBD', 'N/A'])]], 1],
        [[[levelName, active()]], 1],
      ]);
    case 'ended':
      return r.weighted<[string, string][]>([
        [[[levelName, r.pick(['deprecated', 'EOL', 'Inactive', 'no longer maintained', 'abandoned'])], [eosName, future()]], 3],
        [[[levelName, active()], [eosName, addDays(EVIDENCE_TODAY, -r.int(1, 700))]], 3],
        [[[levelName, r.pick(['community', 'active'])], [eosName, r.pick(['EOL', 'unsupported', 'End of life'])]], 1],
      ]);
  }
}

const LICENSES = ['MIT', 'Apache-2.0', 'BSD-3-Clause', 'ISC', 'BSD-2-Clause', 'MPL-2.0'];

/** The components of the SBOM, in the order of the document: by ecosystem, each one's dependencies after it. */
export function makeComponents(r: Random, count: number): Component[] {
  const components: Component[] = [];
  for (const [e, { ecosystem, share, tool }] of ECOSYSTEMS.entries()) {
    const n = e === ECOSYSTEMS.length - 1 ? count - components.length : Math.round(count * share);
    const first = components.length;
    const seen = new Set<string>();
    for (const { group, name } of componentNames(r, ecosystem, n)) {
      let version = versionOf(r, ecosystem, name);
      while (seen.has(purlOf(ecosystem, group, name, version))) {
        version = versionOf(r, ecosystem, name);
      }
      const purl = purlOf(ecosystem, group, name, version);
      seen.add(purl);
      const support = r.weighted<SupportCase>([['supported', 87], ['unknown', 9], ['ended', 4]]);
      const bomRef = tool === 'syft' ? `${purl}?package-id=${hex(r, 16)}` : tool === 'manual' ? `fw-${name}` : ecosystem === 'maven' ? `${purl}?type=jar` : purl;
      components.push({ ecosystem, tool, group, name, version, purl, bomRef, support, properties: supportProperties(r, support), license: r.chance(0.7) ? r.pick(LICENSES) : undefined, dependsOn: [] });
    }
    // A tree: each component depends on a few later ones of its ecosystem.
    for (let i = first; i < components.length; i++) {
      const fanOut = r.weighted([[0, 35], [1, 25], [2, 20], [3, 12], [5, 8]]);
      const later = components.length - i - 1;
      for (let k = 0; k < Math.min(fanOut, later); k++) {
        const target = r.int(i + 1, components.length - 1);
        if (!components[i]!.dependsOn.includes(target)) {
          components[i]!.dependsOn.push(target);
        }
      }
    }
  }
  return components;
}

/** `4.17.21` → `4.17.22` (`step` 1) or `4.17.20` (-1): another version of the same package, for drift and stale references. */
export function otherVersion(version: string, step: 1 | -1): string {
  return version.replace(/(\d+)(?!.*\d)/, (digits) => String(Math.max(0, Number(digits) + (digits === '0' ? 1 : step))));
}

export function uuid(r: Random): string {
  const h = hex(r, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
}

