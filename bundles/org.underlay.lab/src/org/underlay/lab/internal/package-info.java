/**
 * Lab internals: the state file, the agent process (Redfish BMCs and SSH hosts), served facts, process ownership.
 */
package org.underlay.lab.internal;
