/** DI token holding the service name (also its `service.name` and Kafka client id). */
export const SERVICE_NAME = 'ITUNA_SERVICE_NAME';
