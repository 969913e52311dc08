package dev.majordomo.spring.autoconfigure;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.resource.ClientResources;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The starter's Lettuce client, over {@link ClientResources} of its own that it shuts down with
 * itself: Lettuce leaves resources given to a client running after the client's shutdown, and the
 * reconnect delay that majordomo-redis needs lives in them.
 */
final class MajordomoRedisClient extends RedisClient {
  MajordomoRedisClient(ClientResources resources, RedisURI uri) {
    super(resources, uri);
  }

  @Override
  public CompletableFuture<Void> shutdownAsync(long quietPeriod, long timeout, TimeUnit unit) {
    return super.shutdownAsync(quietPeriod, timeout, unit)
        .thenCompose(
            closed -> {
              // Completed from Netty's listener rather than awaited: the client's shutdown may
              // complete on a thread of these very resources.
              CompletableFuture<Void> resources = new CompletableFuture<>();
              getResources()
                  .shutdown(quietPeriod, timeout, unit)
                  .addListener(
                      done -> {
                        if (done.isSuccess()) {
                          resources.complete(null);
                        } else {
                          resources.completeExceptionally(done.cause());
                        }
                      });
              return resources;
            });
  }
}
