package dev.rootkey.log;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %msg} as one line, whatever its arguments hold: control characters escaped by {@link
 * LogText}, and cut after the number of characters given as the option, if one is.
 */
public final class EscapedMessageConverter extends MessageConverter {

  private int maxChars = Integer.MAX_VALUE;

  @Override
  public void start() {
    String option = getFirstOption();
    if (option != null) {
      try {
        maxChars = Integer.parseInt(option.strip());
      } catch (NumberFormatException e) {
        addError("not a number of characters: " + option);
      }
    }
    super.start();
  }

  @Override
  public String convert(ILoggingEvent event) {
    return LogText.escape(event.getFormattedMessage(), maxChars);
  }
}
