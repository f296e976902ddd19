// The native stack needs Java 17+ with Maven (Kafka), Go (Jaeger) and Prometheus (metrics); say exactly what is missing.
import { spawnSync } from 'node:child_process';
import type { StackComponent } from './config';
import { prometheusMissing } from './prometheus';

const hints = {
  java: 'Java 17 or newer (e.g. `apt install openjdk-17-jre-headless`)',
  mvn: 'Apache Maven 3.8+ (e.g. `apt install maven`)',
  go: 'Go 1.26 or newer (tools/stack/jaeger/go.mod asks for it)',
};

/** What `command args` prints (stdout and stderr), or undefined when it cannot run. */
function version(command: string, args: string[]): string | undefined {
  const res = spawnSync(command, args, { encoding: 'utf8' });
  if (res.error) return undefined;
  return `${res.stdout}${res.stderr}`;
}

/** The major version of the `java` on PATH (8 for "1.8.0"), or undefined. */
export function javaMajor(): number | undefined {
  const out = version('java', ['-version']);
  const match = out && out.match(/version "(\d+)(?:\.(\d+))?/);
  if (!match) return undefined;
  return match[1] === '1' ? Number(match[2]) : Number(match[1]);
}

/** Throws one clear error listing every missing tool for the components to be started. */
export function requireTools(components: readonly StackComponent[]): void {
  const missing: string[] = [];
  if (components.includes('kafka')) {
    const major = javaMajor();
    if (!major || major < 17) missing.push(`java: ${hints.java}${major ? ` (found Java ${major})` : ''}`);
    if (!version('mvn', ['-v'])) missing.push(`mvn: ${hints.mvn}`);
  }
  if (components.includes('jaeger') && !version('go', ['version'])) missing.push(`go: ${hints.go}`);
  const prometheus = components.includes('prometheus') ? prometheusMissing() : undefined;
  if (prometheus) missing.push(prometheus);
  if (missing.length) {
    throw new Error(
      `The native stack needs tools that are not on PATH:\n  - ${missing.join('\n  - ')}\n` +
        'Install them, or use Docker instead: ITUNA_STACK=docker npm start',
    );
  }
}
