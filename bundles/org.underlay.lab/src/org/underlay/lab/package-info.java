/**
 * The rehearsal lab: a design's machines as simulated BMCs (Debian's ipmi_sim, the project's Redfish simulator) and
 * SSH hosts that follow BMC power and serve the facts the design expects, on the loopback endpoints of the site's
 * {@code lab} environment. {@link org.underlay.lab.LabPlan} computes a {@link org.underlay.lab.LabSpec} from a design,
 * {@link org.underlay.lab.Lab} starts, drives and stops it, {@link org.underlay.lab.LabCommand} is the
 * {@code underlay lab} command line. Package-private classes do the parts of {@code Lab}'s work: the programs it
 * needs ({@code LabTools}), its secrets ({@code LabSecrets}), its ports ({@code LabPorts}), the agent process
 * ({@code AgentLauncher}), the IPMI BMCs ({@code IpmiBmcs}), the faults it plays ({@code BmcFaults}) and its files
 * ({@code LabFiles}); the state file, the agent itself and process ownership are in {@code internal}.
 */
package org.underlay.lab;
