package dev.rootkey.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each record as one line of JSON on the logger {@value #LOGGER}, which the services' log
 * configuration sends out with nothing added, so any log pipeline can keep the lines as they are.
 */
public final class JsonLinesAuditTrail implements AuditTrail {

  /** The dedicated logger: audit lines and nothing else. */
  public static final String LOGGER = "rootkey.audit";

  private static final Logger audit = LoggerFactory.getLogger(LOGGER);
  private static final Logger log = LoggerFactory.getLogger(JsonLinesAuditTrail.class);
  private static final ObjectMapper json = new ObjectMapper();

  @Override
  public void record(AuditRecord record) {
    audit.info(toJson(record));
  }

  /** The record as its one line. */
  public static String toJson(AuditRecord record) {
    try {
      return json.writeValueAsString(record);
    } catch (JsonProcessingException e) {
      // Records hold strings, lists and maps only: this is a bug, and must not pass silently.
      log.error("Could not write audit record {} of {}", record.operation(), record.rootKey(), e);
      throw new IllegalStateException("audit record not serialisable", e);
    }
  }
}
