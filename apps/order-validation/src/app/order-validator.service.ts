import { Inject, Injectable } from '@nestjs/common';
import { getConfigToken } from '@nestjs/config';
import { trace } from '@opentelemetry/api';
import {
  ATTR_ITUNA_ORDER_ID,
  ATTR_ITUNA_REJECTION_REASON,
  SPANS,
  addressRule,
  inventoryRule,
  nameRule,
} from '@ituna/contracts';
import type { Order, OrderRejection } from '@ituna/contracts';
import { FaultInjector, InjectedFaultError, sleep } from '@ituna/runtime';
import { Traced } from '@ituna/tracing';
import { OrderRejectionError } from './order-rejection.error';
import { VALIDATION_CONFIG, type ValidationConfig } from './validation.config';

const orderAttributes = (order: Order) => ({ [ATTR_ITUNA_ORDER_ID]: order.orderId });

export type ValidationOutcome = { accepted: true } | { accepted: false; rejection: OrderRejection };

/** Ends the step's span with the rule's rejection, if it has one. */
function rejectIf(rejection: OrderRejection | undefined): void {
  if (rejection) throw new OrderRejectionError(rejection);
}

/** The three validation steps of the original, each a span lasting at least its simulated work. */
@Injectable()
export class OrderValidator {
  private readonly delays: ValidationConfig['delays'];
  private readonly blocked: ReadonlySet<string>;

  constructor(
    @Inject(getConfigToken(VALIDATION_CONFIG)) config: ValidationConfig,
    private readonly faults: FaultInjector,
  ) {
    const { delays, blockedCustomers } = config;
    this.delays = delays;
    this.blocked = new Set(blockedCustomers);
  }

  @Traced(SPANS.validateOrder, { attributes: orderAttributes })
  async validate(order: Order): Promise<ValidationOutcome> {
    try {
      await this.validateAddress(order);
      await this.validateName(order);
      await this.validateInventory(order);
      return { accepted: true };
    } catch (err) {
      if (!(err instanceof OrderRejectionError)) throw err;
      trace.getActiveSpan()?.setAttribute(ATTR_ITUNA_REJECTION_REASON, err.message);
      return { accepted: false, rejection: err.rejection };
    }
  }

  @Traced(SPANS.validateAddress, { attributes: orderAttributes })
  async validateAddress(order: Order): Promise<void> {
    await this.work(SPANS.validateAddress, this.delays.address, order);
    rejectIf(addressRule(order));
  }

  @Traced(SPANS.validateName, { attributes: orderAttributes })
  async validateName(order: Order): Promise<void> {
    await this.work(SPANS.validateName, this.delays.name, order);
    rejectIf(nameRule(order, this.blocked));
  }

  @Traced(SPANS.validateInventory, { attributes: orderAttributes })
  async validateInventory(order: Order): Promise<void> {
    await this.work(SPANS.validateInventory, this.delays.inventory, order);
    rejectIf(inventoryRule(order));
  }

  /** The step's simulated work, plus whatever fault is injected into it (a failure is a rejection). */
  private async work(step: OrderRejection['step'], delayMs: number, order: Order): Promise<void> {
    await sleep(delayMs);
    try {
      await this.faults.apply(step, order.orderId);
    } catch (err) {
      if (err instanceof InjectedFaultError) throw new OrderRejectionError({ step, reason: err.message });
      throw err;
    }
  }
}
