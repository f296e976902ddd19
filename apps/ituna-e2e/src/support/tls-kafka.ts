import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { startKafka } from '@ituna/stack';
import { SecondBroker } from './second-broker';

export const TLS_PORT = 19192;

/** A CA made for the test: its certificate file, and its key to sign with. */
interface TestCa {
  cert: string;
  key: string;
}

/**
 * A second native broker whose client listener speaks only TLS, with a certificate for 127.0.0.1
 * signed by a CA that the test makes with openssl (as is a second CA that signed nothing of it).
 */
export class TlsKafka extends SecondBroker {
  readonly certs: string;
  /** The CA that signed the broker's certificate. */
  caFile = '';
  /** A CA that signed nothing the broker has. */
  otherCaFile = '';

  constructor() {
    super(TLS_PORT, join(__dirname, '..', '..', '..', '..', 'tmp', 'tls-kafka'));
    this.certs = join(this.dir, 'certs');
  }

  async start(): Promise<void> {
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.certs, { recursive: true });
    const ca = this.makeCa('ituna-test-ca');
    this.caFile = ca.cert;
    this.otherCaFile = this.makeCa('ituna-other-ca').cert;
    const keystore = this.makeServerPem(ca);
    this.pid = await startKafka(
      { port: TLS_PORT, controllerPort: 19193, tls: { internalPort: 19194, keystore } },
      { dir: this.dir, shortLived: true },
    );
    await this.waitUntilUp('TLS');
  }

  private openssl(...args: string[]): void {
    execFileSync('openssl', args, { cwd: this.certs, stdio: ['ignore', 'ignore', 'pipe'] });
  }

  private makeCa(name: string): TestCa {
    const key = join(this.certs, `${name}.key`);
    const cert = join(this.certs, `${name}.crt`);
    this.openssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      `/CN=${name}`,
    );
    return { cert, key };
  }

  /** The broker's key and certificate (SAN IP:127.0.0.1) in one PEM file, as Kafka's PEM keystore reads it. */
  private makeServerPem(ca: TestCa): string {
    const key = join(this.certs, 'broker.key');
    const csr = join(this.certs, 'broker.csr');
    const cert = join(this.certs, 'broker.crt');
    const ext = join(this.certs, 'broker.ext');
    writeFileSync(ext, 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
    this.openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', csr, '-subj', '/CN=127.0.0.1');
    this.openssl(
      'x509',
      '-req',
      '-in',
      csr,
      '-CA',
      ca.cert,
      '-CAkey',
      ca.key,
      '-CAcreateserial',
      '-out',
      cert,
      '-days',
      '2',
      '-extfile',
      ext,
    );
    const pem = join(this.certs, 'broker.pem');
    writeFileSync(pem, readFileSync(key, 'utf8') + readFileSync(cert, 'utf8'));
    return pem;
  }

  client(): Kafka {
    return new Kafka({
      clientId: 'ituna-e2e-tls',
      brokers: [`127.0.0.1:${TLS_PORT}`],
      ssl: { ca: [readFileSync(this.caFile, 'utf8')] },
      logLevel: logLevel.NOTHING,
      retry: { retries: 2 },
    });
  }

  env(caFile: string): NodeJS.ProcessEnv {
    return { KAFKA_BROKERS: `127.0.0.1:${TLS_PORT}`, KAFKA_SSL_CA_FILE: caFile };
  }
}
