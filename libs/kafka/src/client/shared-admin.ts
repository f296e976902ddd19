import type { Admin } from 'kafkajs';

/**
 * The process's kafkajs admin, connected at its first question and replaced after a failed one,
 * so that a broken connection never sticks; every question of the lib goes through it.
 */
export class SharedAdmin {
  private connecting?: Promise<Admin>;
  private closed = false;

  constructor(private readonly create: () => Admin) {}

  /** Asks the admin; a failure of the question or of the connection replaces it for the next one. */
  async use<T>(ask: (admin: Admin) => Promise<T>): Promise<T> {
    if (this.closed) throw new Error('the Kafka admin is closed: the service is stopping');
    const connecting = (this.connecting ??= this.connect());
    try {
      return await ask(await connecting);
    } catch (err) {
      // Another question may have replaced it already; only this one's admin goes.
      if (this.connecting === connecting) this.connecting = undefined;
      void connecting.then((admin) => admin.disconnect()).catch(() => undefined);
      throw err;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const connecting = this.connecting;
    this.connecting = undefined;
    await connecting?.then((admin) => admin.disconnect()).catch(() => undefined);
  }

  private async connect(): Promise<Admin> {
    const admin = this.create();
    await admin.connect();
    return admin;
  }
}
