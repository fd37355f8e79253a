package dev.rootkey.audit;

/** Where audit records go. Implementations never see a plaintext key: records cannot hold one. */
public interface AuditTrail {

  void record(AuditRecord record);
}
