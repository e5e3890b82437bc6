/**
 * The rehearsal lab: a design's machines as simulated BMCs (Debian's ipmi_sim, the project's Redfish simulator) and
 * SSH hosts that follow BMC power and serve the facts the design expects, on the loopback endpoints of the site's
 * {@code lab} environment. {@link org.underlay.lab.LabPlan} computes a {@link org.underlay.lab.LabSpec} from a design,
 * {@link org.underlay.lab.Lab} starts, drives and stops it, {@link org.underlay.lab.LabCommand} is the
 * {@code underlay lab} command line.
 */
package org.underlay.lab;
