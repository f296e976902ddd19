export { OrderingModule } from './ordering.module';
export { OrderPlacementService } from './order-placement.service';
export type { PlacedOrder } from './order-placement.service';
export { OrdersSimulator } from './orders-simulator.service';
export { ZodValidationPipe } from './zod-validation.pipe';
export { placeOrRespond503 } from './place-order';
export { KafkaUnavailableError } from './kafka-unavailable.error';
export { ORDERING_CHANNEL, topicForChannel } from './ordering-channel';
