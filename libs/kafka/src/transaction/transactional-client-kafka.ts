import { ClientKafka, ReadPacket } from '@nestjs/microservices';
import { stagedRecords } from './staged-records';

/**
 * Nest's ClientKafka, taking part in the consumed message's transaction: inside a Kafka handler
 * running exactly-once, an emit is held back (serialized exactly as ClientKafka would send it)
 * and written by KafkaTransactions together with the message's offset; everywhere else (HTTP
 * handlers, at-least-once mode, dead letters) it is sent at once, as ClientKafka does. The same
 * idea as a Spring KafkaTemplate inside a listener container's transaction.
 */
export class TransactionalClientKafka extends ClientKafka {
  protected override async dispatchEvent(packet: ReadPacket): Promise<any> {
    const staged = stagedRecords();
    if (!staged) return super.dispatchEvent(packet);
    const topic = this.normalizePattern(packet.pattern);
    const message = await this.serializer.serialize(packet.data, { pattern: topic });
    staged.push({ topic, message });
    // No acknowledgement yet: the record is written when the transaction commits.
    return [];
  }
}
