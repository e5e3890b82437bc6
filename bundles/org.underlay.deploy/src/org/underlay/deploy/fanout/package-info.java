/**
 * Runs one operation on many machines with bounded parallelism: {@link org.underlay.deploy.fanout.FanOut}.
 * Generic over the target and result types, so BMC calls and SSH commands use the same executor.
 */
package org.underlay.deploy.fanout;
