package dev.majordomo.redis;

/**
 * The Lua scripts of {@link RedisSharedHealth}: each runs atomically in Redis, so that counting a
 * failure, deciding a bench and announcing it is one round trip that no other instance can
 * interleave with.
 *
 * <p>Numbers cross into Lua as decimal text and come back through {@code %.0f}, never through Lua's
 * default formatting, which turns large numbers into {@code 1.7e+12}. Expiries use Redis's clock
 * ({@code PX} and {@code TIME}); the instants in values ({@code until}) use the clock of the
 * instance that wrote them, so instances assume their clocks agree within a bound (NTP).
 */
final class HealthScripts {
  private HealthScripts() {}

  /** Redis's clock in milliseconds, for the scores of the live set. */
  private static final String NOW =
      """
      local time = redis.call('TIME')
      local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
      """;

  /**
   * Adds ARGV target to the live set KEYS live until {@code now + ms}, dropping entries that ended,
   * and keeps the set no longer than its longest entry.
   */
  private static final String LIVE =
      """
      local function live(key, target, ms)
        redis.call('ZREMRANGEBYSCORE', key, '-inf', string.format('%.0f', now))
        redis.call('ZADD', key, 'GT', string.format('%.0f', now + ms), target)
        if redis.call('PTTL', key) < ms then
          redis.call('PEXPIRE', key, string.format('%.0f', ms))
        end
      end
      """;

  /**
   * One failed attempt. KEYS: failures, bench, round, live. ARGV: threshold, base cooldown ms, max
   * cooldown ms, failure window ms, when it failed (ms, the caller's clock), the round of the bench
   * this failure started in the caller's own tracker (0 if none), channel, encoded target, encoded
   * instance id.
   *
   * <p>Returns {@code {count, bench}}: the failures counted across instances ({@code -1} when the
   * target was benched already: a call that started before the bench reports late and the bench
   * already counts it, as in the local tracker), and the bench as {@code round:until} or empty. A
   * bench whose end has passed by the caller's clock counts as over even if Redis, by its own
   * clock, still keeps the key a little longer.
   *
   * <p>A bench is decided when the shared count reaches the threshold or when the caller's tracker
   * benched the target itself (its own count may be higher than the shared one, if Redis was away
   * for some failures); its round follows the shared round, or the caller's if higher. After a
   * bench the count stays at the threshold for as long as the round is kept (the bench plus the
   * longest cooldown), so that one more failure on any instance benches again: probation.
   *
   * <p>A value it cannot read (left under the prefix by another program or version) counts as
   * absent and is overwritten, so that it cannot stop the sharing of that target until it expires.
   */
  static final String FAILED =
      NOW
          + """
          local bench = redis.call('GET', KEYS[2])
          local benchEnd = bench and tonumber(string.match(bench, '^%d+:(%d+)$'))
          if benchEnd and benchEnd > tonumber(ARGV[5]) then
            return {-1, bench}
          end
          local threshold = tonumber(ARGV[1])
          local hereRound = tonumber(ARGV[6])
          local count = math.max(tonumber(redis.call('GET', KEYS[1])) or 0, 0) + 1
          if count < threshold and hereRound == 0 then
            redis.call('SET', KEYS[1], string.format('%.0f', count), 'PX', ARGV[4])
            return {count, ''}
          end
          local base = tonumber(ARGV[2])
          local max = tonumber(ARGV[3])
          local round = math.max(tonumber(redis.call('GET', KEYS[3])) or 0, 0) + 1
          if hereRound > round then
            round = hereRound
          end
          if round > 2147483647 then
            round = 2147483647
          end
          local cooldown = base
          for i = 2, round do
            if cooldown >= max then
              break
            end
            cooldown = cooldown * 2
          end
          if cooldown > max then
            cooldown = max
          end
          local value = string.format('%.0f:%.0f', round, tonumber(ARGV[5]) + cooldown)
          local keep = string.format('%.0f', cooldown + max)
          redis.call('SET', KEYS[2], value, 'PX', string.format('%.0f', cooldown))
          redis.call('SET', KEYS[3], string.format('%.0f', round), 'PX', keep)
          redis.call('SET', KEYS[1], ARGV[1], 'PX', keep)
          """
          + LIVE
          + """
          live(KEYS[4], ARGV[8], cooldown)
          redis.call('PUBLISH', ARGV[7], 'B ' .. ARGV[9] .. ' ' .. ARGV[8] .. ' ' .. value)
          return {count, value}
          """;

  /**
   * A {@code Retry-After}. KEYS: rate, live. ARGV: until (ms, the caller's clock), how long from
   * now (ms), channel, encoded target, encoded instance id. A limit that ends earlier than the one
   * on record changes nothing. Returns 1 if it was recorded and announced, else 0.
   */
  static final String RATE_LIMITED =
      NOW
          + """
          local old = tonumber(redis.call('GET', KEYS[1]))
          if old and old >= tonumber(ARGV[1]) then
            return 0
          end
          redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
          """
          + LIVE
          + """
          live(KEYS[2], ARGV[4], tonumber(ARGV[2]))
          redis.call('PUBLISH', ARGV[3], 'L ' .. ARGV[5] .. ' ' .. ARGV[4] .. ' ' .. ARGV[1])
          return 1
          """;

  /**
   * Successes of targets that had failures or a rate limit on record, coalesced. KEYS: the
   * failures, bench, round and rate keys of every target: a success clears them all, as it clears
   * the target in every tracker. ARGV: channel, encoded instance id, then the encoded targets.
   * Their entries in the live set stay until they end: a reader finds nothing behind them.
   */
  static final String RECOVERED =
      """
      redis.call('DEL', unpack(KEYS))
      redis.call('PUBLISH', ARGV[1], 'R ' .. table.concat(ARGV, ' ', 2))
      return #KEYS
      """;

  /**
   * What a starting (or reconnecting) instance needs: every live bench and rate limit. KEYS: live.
   * ARGV: the prefix of per-target keys, the most targets to return. Returns a flat list of {@code
   * target, bench or '', rate or ''}.
   */
  static final String LOAD =
      NOW
          + """
          redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%.0f', now))
          local targets = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[2]) - 1)
          local out = {}
          for _, target in ipairs(targets) do
            out[#out + 1] = target
            out[#out + 1] = redis.call('GET', ARGV[1] .. target .. ':bench') or ''
            out[#out + 1] = redis.call('GET', ARGV[1] .. target .. ':rate') or ''
          end
          return out
          """;
}
