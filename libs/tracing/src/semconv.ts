// Every semantic-convention name the library emits, in one place. Messaging attributes are still
// "development" in the conventions, so, as OpenTelemetry recommends for unstable names, they are
// copied here instead of imported from the package's `incubating` entry point.
// Follows OpenTelemetry semantic conventions 1.38 (messaging, Kafka).
export const SEMCONV_VERSION = '1.38.0';

export {
  ATTR_SERVICE_NAME,
  ATTR_SERVICE_VERSION,
  ATTR_EXCEPTION_TYPE,
  ATTR_ERROR_TYPE,
} from '@opentelemetry/semantic-conventions';

export const ATTR_SERVICE_INSTANCE_ID = 'service.instance.id';
export const ATTR_DEPLOYMENT_ENVIRONMENT_NAME = 'deployment.environment.name';

export const ATTR_MESSAGING_SYSTEM = 'messaging.system';
export const ATTR_MESSAGING_DESTINATION_NAME = 'messaging.destination.name';
export const ATTR_MESSAGING_DESTINATION_PARTITION_ID = 'messaging.destination.partition.id';
export const ATTR_MESSAGING_OPERATION_NAME = 'messaging.operation.name';
export const ATTR_MESSAGING_OPERATION_TYPE = 'messaging.operation.type';
export const ATTR_MESSAGING_CONSUMER_GROUP_NAME = 'messaging.consumer.group.name';
export const ATTR_MESSAGING_KAFKA_MESSAGE_KEY = 'messaging.kafka.message.key';
export const ATTR_MESSAGING_KAFKA_OFFSET = 'messaging.kafka.offset';
export const ATTR_MESSAGING_MESSAGE_BODY_SIZE = 'messaging.message.body.size';

export const MESSAGING_SYSTEM_VALUE_KAFKA = 'kafka';
export const MESSAGING_OPERATION_TYPE_VALUE_SEND = 'send';
export const MESSAGING_OPERATION_TYPE_VALUE_PROCESS = 'process';
