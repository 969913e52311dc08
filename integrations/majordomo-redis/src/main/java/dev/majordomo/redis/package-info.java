/**
 * Redis for a service that runs as many instances: {@link
 * dev.majordomo.redis.RedisConversationStore} keeps conversations where every instance finds them.
 * The module talks to Redis through the Lettuce client.
 */
package dev.majordomo.redis;
