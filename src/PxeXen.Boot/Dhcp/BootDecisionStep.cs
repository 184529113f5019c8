namespace PxeXen.Boot.Dhcp;

/// <summary>One rule that was tried and what it gave, so <c>pxexen explain</c> can show why.</summary>
public sealed record BootDecisionStep(string Rule, string Outcome);
