package io.headroom.agent.reclaim;

/** How a robot's message is laid out: plain text, or the robot's rich form (markdown, or Feishu's post). */
public enum MessageStyle {
    TEXT,
    RICH
}
