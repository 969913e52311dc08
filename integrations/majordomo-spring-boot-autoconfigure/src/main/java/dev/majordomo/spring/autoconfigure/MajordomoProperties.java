package dev.majordomo.spring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Majordomo's settings under the {@code majordomo} prefix: models, aliases, failover, health,
 * limits, conversation memory and which assistants become beans. Every default is the runtime's
 * own; {@code docs/spring-boot.md} lists them all.
 */
@ConfigurationProperties("majordomo")
public class MajordomoProperties {

  /**
   * Aliases by name, each a chain such as "fast,openai/gpt-4o-mini": the same grammar as an
   * LLM_<NAME> variable that holds a chain. Wins over an LLM_<NAME> variable of the same name.
   */
  private Map<String, String> aliases = new LinkedHashMap<>();

  /**
   * Models by name, each a DSN such as "openai://${OPENAI_API_KEY}@api.openai.com/gpt-4o": the same
   * format as an LLM_<NAME> variable that holds a DSN. Wins over an LLM_<NAME> variable of the same
   * name. Tokens never appear in the Actuator output, logs or error messages.
   */
  private Map<String, String> models = new LinkedHashMap<>();

  /** How chains retry and fail over. */
  private final Failover failover = new Failover();

  /** When a failing target is benched and for how long. */
  private final Health health = new Health();

  /** Bounds on what one call may cost in memory and time. */
  private final CallLimits limits = new CallLimits();

  /** Where and how much conversation history assistants keep. */
  private final Memory memory = new Memory();

  /** Which generated assistants become beans. */
  private final AssistantBeans assistants = new AssistantBeans();

  /** The Redis server shared by the application's instances (needs majordomo-redis). */
  private final Redis redis = new Redis();

  public Map<String, String> getAliases() {
    return aliases;
  }

  public void setAliases(Map<String, String> aliases) {
    this.aliases = aliases;
  }

  public Map<String, String> getModels() {
    return models;
  }

  public void setModels(Map<String, String> models) {
    this.models = models;
  }

  public Failover getFailover() {
    return failover;
  }

  public Health getHealth() {
    return health;
  }

  public CallLimits getLimits() {
    return limits;
  }

  public Memory getMemory() {
    return memory;
  }

  public Redis getRedis() {
    return redis;
  }

  public AssistantBeans getAssistants() {
    return assistants;
  }

  /** How chains retry and fail over: the registry's {@code FailoverPolicy}. */
  public static class Failover {
    /** How many times a target is retried after a transient failure before the chain moves on. */
    private int transientRetries = 1;

    /** The wait before the first retry of a target; each further retry doubles it. */
    private Duration backoffBase = Duration.ofMillis(500);

    /** The cap on the backoff wait. */
    private Duration backoffMax = Duration.ofSeconds(8);

    /** The longest Retry-After the chain honours; a longer one is cut to this. */
    private Duration retryAfterCap = Duration.ofSeconds(30);

    /**
     * Whether authentication, quota and other permanent errors move on to the next target instead
     * of failing the call at once.
     */
    private boolean advanceOnPermanent = false;

    /** How long a whole chain call may take, every attempt and wait together; none when unset. */
    private Duration deadline;

    public int getTransientRetries() {
      return transientRetries;
    }

    public void setTransientRetries(int transientRetries) {
      this.transientRetries = transientRetries;
    }

    public Duration getBackoffBase() {
      return backoffBase;
    }

    public void setBackoffBase(Duration backoffBase) {
      this.backoffBase = backoffBase;
    }

    public Duration getBackoffMax() {
      return backoffMax;
    }

    public void setBackoffMax(Duration backoffMax) {
      this.backoffMax = backoffMax;
    }

    public Duration getRetryAfterCap() {
      return retryAfterCap;
    }

    public void setRetryAfterCap(Duration retryAfterCap) {
      this.retryAfterCap = retryAfterCap;
    }

    public boolean isAdvanceOnPermanent() {
      return advanceOnPermanent;
    }

    public void setAdvanceOnPermanent(boolean advanceOnPermanent) {
      this.advanceOnPermanent = advanceOnPermanent;
    }

    public Duration getDeadline() {
      return deadline;
    }

    public void setDeadline(Duration deadline) {
      this.deadline = deadline;
    }
  }

  /** When a failing target is benched and for how long: the registry's {@code HealthPolicy}. */
  public static class Health {
    /** Consecutive failures that bench a target. */
    private int failureThreshold = 3;

    /** The first bench's length; each later bench since the last success doubles it. */
    private Duration baseCooldown = Duration.ofSeconds(30);

    /** The cap on a bench's length. */
    private Duration maxCooldown = Duration.ofMinutes(10);

    public int getFailureThreshold() {
      return failureThreshold;
    }

    public void setFailureThreshold(int failureThreshold) {
      this.failureThreshold = failureThreshold;
    }

    public Duration getBaseCooldown() {
      return baseCooldown;
    }

    public void setBaseCooldown(Duration baseCooldown) {
      this.baseCooldown = baseCooldown;
    }

    public Duration getMaxCooldown() {
      return maxCooldown;
    }

    public void setMaxCooldown(Duration maxCooldown) {
      this.maxCooldown = maxCooldown;
    }
  }

  /** Bounds on what one call may cost: the registry's {@code Limits}. */
  public static class CallLimits {
    /** The largest non-streaming response body read from a provider. */
    private DataSize maxResponseBytes = DataSize.ofMegabytes(16);

    /** The longest line of a streaming body (an SSE or NDJSON line). */
    private DataSize maxStreamLineBytes = DataSize.ofMegabytes(1);

    /** The largest image sent to any provider. */
    private DataSize maxImageBytes = DataSize.ofBytes(20_000_000);

    /** The most characters of one tool result handed back to the model. */
    private int maxToolOutputChars = 100_000;

    /** The tool rounds an assistant method may run when its @Llm sets none. */
    private int maxToolRounds = 8;

    /** The longest one HTTP call to a model may take when nothing else bounds it. */
    private Duration callDeadline = Duration.ofMinutes(10);

    /** The longest a stream may take from sending the request to its first event. */
    private Duration streamFirstEventTimeout = Duration.ofMinutes(10);

    /** The longest silence between two frames of a stream once its first event arrived. */
    private Duration streamIdleTimeout = Duration.ofMinutes(2);

    public DataSize getMaxResponseBytes() {
      return maxResponseBytes;
    }

    public void setMaxResponseBytes(DataSize maxResponseBytes) {
      this.maxResponseBytes = maxResponseBytes;
    }

    public DataSize getMaxStreamLineBytes() {
      return maxStreamLineBytes;
    }

    public void setMaxStreamLineBytes(DataSize maxStreamLineBytes) {
      this.maxStreamLineBytes = maxStreamLineBytes;
    }

    public DataSize getMaxImageBytes() {
      return maxImageBytes;
    }

    public void setMaxImageBytes(DataSize maxImageBytes) {
      this.maxImageBytes = maxImageBytes;
    }

    public int getMaxToolOutputChars() {
      return maxToolOutputChars;
    }

    public void setMaxToolOutputChars(int maxToolOutputChars) {
      this.maxToolOutputChars = maxToolOutputChars;
    }

    public int getMaxToolRounds() {
      return maxToolRounds;
    }

    public void setMaxToolRounds(int maxToolRounds) {
      this.maxToolRounds = maxToolRounds;
    }

    public Duration getCallDeadline() {
      return callDeadline;
    }

    public void setCallDeadline(Duration callDeadline) {
      this.callDeadline = callDeadline;
    }

    public Duration getStreamFirstEventTimeout() {
      return streamFirstEventTimeout;
    }

    public void setStreamFirstEventTimeout(Duration streamFirstEventTimeout) {
      this.streamFirstEventTimeout = streamFirstEventTimeout;
    }

    public Duration getStreamIdleTimeout() {
      return streamIdleTimeout;
    }

    public void setStreamIdleTimeout(Duration streamIdleTimeout) {
      this.streamIdleTimeout = streamIdleTimeout;
    }
  }

  /** Where and how much conversation history assistants keep. */
  public static class Memory {
    /** Where conversations are kept. */
    private StoreType store = StoreType.IN_MEMORY;

    /** The most messages of history a call sends. */
    private int maxMessages = 40;

    /** The most tokens of history a call sends, as turns count them; no limit when unset. */
    private Integer maxTokens;

    /** The JDBC store, used when store=jdbc. */
    private final Jdbc jdbc = new Jdbc();

    /** The Redis store, used when store=redis. */
    private final RedisMemory redis = new RedisMemory();

    public StoreType getStore() {
      return store;
    }

    public void setStore(StoreType store) {
      this.store = store;
    }

    public int getMaxMessages() {
      return maxMessages;
    }

    public void setMaxMessages(int maxMessages) {
      this.maxMessages = maxMessages;
    }

    public Integer getMaxTokens() {
      return maxTokens;
    }

    public void setMaxTokens(Integer maxTokens) {
      this.maxTokens = maxTokens;
    }

    public Jdbc getJdbc() {
      return jdbc;
    }

    public RedisMemory getRedis() {
      return redis;
    }
  }

  /** Where conversations are kept. */
  public enum StoreType {
    /** In the application's memory: lost on restart, bounded in size. */
    IN_MEMORY,
    /** In a SQL table through the application's DataSource (needs majordomo-jdbc). */
    JDBC,
    /** In Redis, at majordomo.redis.url, shared by every instance (needs majordomo-redis). */
    REDIS,
    /**
     * No store bean from the starter: the registry keeps its own in-memory store, created only when
     * an assistant first needs one (for a store set by a {@code MajordomoRegistryCustomizer}).
     */
    NONE
  }

  /** The JDBC conversation store. */
  public static class Jdbc {
    /** The table that holds the messages. */
    private String table = "majordomo_messages";

    /** When the table and its indexes are created at start-up (CREATE ... IF NOT EXISTS). */
    private SchemaInitialization initializeSchema = SchemaInitialization.EMBEDDED;

    public String getTable() {
      return table;
    }

    public void setTable(String table) {
      this.table = table;
    }

    public SchemaInitialization getInitializeSchema() {
      return initializeSchema;
    }

    public void setInitializeSchema(SchemaInitialization initializeSchema) {
      this.initializeSchema = initializeSchema;
    }
  }

  /** The Redis conversation store. */
  public static class RedisMemory {
    /**
     * How long a conversation is kept after its last message (refreshed on every append); kept
     * until deleted when unset.
     */
    private Duration timeToLive;

    /**
     * The longest a load or an append waits for Redis, which also bounds connecting to it; the
     * store's own default when unset.
     */
    private Duration timeout;

    public Duration getTimeToLive() {
      return timeToLive;
    }

    public void setTimeToLive(Duration timeToLive) {
      this.timeToLive = timeToLive;
    }

    public Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }
  }

  /** The Redis server the application's instances share. */
  public static class Redis {
    /**
     * The server, as a Redis URI such as "redis://:${REDIS_PASSWORD}@redis.internal:6379/0" or
     * "rediss://..." for TLS. Nothing of Majordomo uses Redis while it is unset or empty. The
     * password never appears in the Actuator output, logs or error messages.
     */
    private String url;

    /** What every key Majordomo writes starts with, so that several services share one server. */
    private String keyPrefix = "majordomo:";

    /** Health shared across instances: benches, failure counts and rate limits. */
    private final SharedHealthSettings health = new SharedHealthSettings();

    public String getUrl() {
      return url;
    }

    public void setUrl(String url) {
      this.url = url;
    }

    public String getKeyPrefix() {
      return keyPrefix;
    }

    public void setKeyPrefix(String keyPrefix) {
      this.keyPrefix = keyPrefix;
    }

    public SharedHealthSettings getHealth() {
      return health;
    }
  }

  /** Health shared across instances through Redis. */
  public static class SharedHealthSettings {
    /** Whether the registry shares its targets' health through majordomo.redis.url. */
    private boolean enabled = true;

    /**
     * How long failures of a target on any instance count together toward the threshold; the
     * module's own default when unset.
     */
    private Duration failureWindow;

    /**
     * The longest a Redis command of the shared health may take, after which the instance goes on
     * with local health only; the module's own default when unset.
     */
    private Duration timeout;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public Duration getFailureWindow() {
      return failureWindow;
    }

    public void setFailureWindow(Duration failureWindow) {
      this.failureWindow = failureWindow;
    }

    public Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }
  }

  /** When a schema is created at start-up, as Spring Boot's other JDBC stores decide it. */
  public enum SchemaInitialization {
    /** Never: a migration tool owns the schema. */
    NEVER,
    /** Only on an embedded database (H2, HSQLDB, Derby). */
    EMBEDDED,
    /** Always. */
    ALWAYS
  }

  /**
   * Which generated assistants become beans. Bound a second time, field by field, by the registrar
   * of the assistant beans, which runs before this class is bound: a field added here is added
   * there too.
   */
  public static class AssistantBeans {
    /** Whether every assistant in the index (META-INF/majordomo/assistants) becomes a bean. */
    private boolean enabled = true;

    /** Assistant interfaces, by binary name, that do not become beans. */
    private List<String> exclude = new ArrayList<>();

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public List<String> getExclude() {
      return exclude;
    }

    public void setExclude(List<String> exclude) {
      this.exclude = exclude;
    }
  }
}
