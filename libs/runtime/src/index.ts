export { bootstrapService } from './bootstrap-service';
export { ServiceModule } from './service.module';
export { simulatedDelayMs, sleep } from './delays';
export { ServiceEnvSchema } from './service-env.schema';
export { FaultInjector } from './fault-injector.service';
export { InjectedFaultError } from './faults';
export { consumedOrder } from './consumed-order';
