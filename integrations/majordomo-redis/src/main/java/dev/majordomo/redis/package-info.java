/**
 * Redis for a service that runs as many instances: {@link
 * dev.majordomo.redis.RedisConversationStore} keeps conversations where every instance finds them,
 * and {@link dev.majordomo.redis.RedisSharedHealth} shares what one instance learns about its
 * providers' health with the others. The module talks to Redis through the Lettuce client.
 */
package dev.majordomo.redis;
