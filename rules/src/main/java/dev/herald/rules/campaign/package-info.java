/**
 * Marketer-authored campaigns, safely: definitions are data (YAML files, CSV/XLSX decision tables) read into a
 * located tree, checked by {@link dev.herald.rules.campaign.CampaignBinder} against the developer-owned
 * {@link dev.herald.rules.campaign.Vocabulary} and the {@link dev.herald.rules.campaign.Catalog} with errors by
 * file and line, and compiled into DRL through developer-owned templates
 * ({@link dev.herald.rules.campaign.DrlGenerator}); marketer text never becomes code. A compiled
 * {@link dev.herald.rules.campaign.CampaignRuleBase} matches campaigns on one flat fact per event and
 * {@link dev.herald.rules.campaign.NextBestAction} picks the one that goes out (consent, caps, holdout, quiet
 * hours, priority, expected value). {@link dev.herald.rules.campaign.RuleBaseHolder} swaps rule bases atomically
 * on reload; {@link dev.herald.rules.campaign.ScenarioSuite} runs marketers' scenario files. See
 * docs/campaigns.md and docs/decisions/0008.
 */
package dev.herald.rules.campaign;
