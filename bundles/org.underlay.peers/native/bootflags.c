/*
 * ipmi_sim module (lan.conf: loadlib "bootflags.so" "<chassis dir>") that keeps System Boot Options parameter 5,
 * the boot flags, byte for byte as a real BMC does, where ipmi_sim itself keeps only the device selector and reads
 * every override back as "invalid, next boot only".
 *
 * The five data bytes live in <chassis dir>/bootflags as hex ("80 04 00 00 00"), read at every Get, so that whoever
 * plays the firmware can use up a one-time override as a real boot does: the rehearsal lab's agent clears the file
 * on the boot that used it (org.underlay.lab.internal.IpmiBootFlags). No file: no override (valid bit clear).
 * Set also writes the device to <chassis dir>/boot with the names chassis-control.sh uses.
 * Parameters 0 (set in progress), 3 (valid bit clearing) and 4 (boot info acknowledge) are accepted and ignored;
 * others are "parameter not supported" (80h).
 *
 * Built by the peers bundle's build (native/build.sh, run from pom.xml) with gcc against libopenipmi-dev's headers
 * into the bundle's resource org/underlay/peers/ipmi/bootflags.so; every ipmi_sim that keeps boot flags (the lab's,
 * the test harness's) loads that (org.underlay.peers.ipmi.IpmiSim).
 */
#include <stdio.h>
#include <string.h>
#include <OpenIPMI/serv.h>
#include <OpenIPMI/mcserv.h>

#define NETFN_CHASSIS 0x00
#define SET_SYSTEM_BOOT_OPTIONS 0x08
#define GET_SYSTEM_BOOT_OPTIONS 0x09
#define BOOT_FLAGS 5
#define FLAGS_LEN 5

static char flags_file[4096];
static char flags_tmp[4096];
static char boot_file[4096];

static const char *device_name(unsigned char selector)
{
    switch ((selector >> 2) & 0x0f) {
    case 0x1: return "pxe";
    case 0x2: return "default";
    case 0x5: return "cdrom";
    case 0x6: return "bios";
    default: return "none";
    }
}

/* The stored flags, or all zero (no override) when there are none or they cannot be read. */
static void read_flags(unsigned char *flags)
{
    unsigned int b[FLAGS_LEN];
    FILE *f = fopen(flags_file, "r");

    memset(flags, 0, FLAGS_LEN);
    if (!f)
        return;
    if (fscanf(f, "%x %x %x %x %x", &b[0], &b[1], &b[2], &b[3], &b[4]) == FLAGS_LEN) {
        for (int i = 0; i < FLAGS_LEN; i++)
            flags[i] = (unsigned char) b[i];
    }
    fclose(f);
}

/* Written beside and renamed, so a reader never sees half of it; 0 on success. */
static int write_flags(const unsigned char *flags)
{
    FILE *f = fopen(flags_tmp, "w");

    if (!f)
        return -1;
    fprintf(f, "%02x %02x %02x %02x %02x\n", flags[0], flags[1], flags[2], flags[3], flags[4]);
    if (fclose(f) != 0 || rename(flags_tmp, flags_file) != 0)
        return -1;
    f = fopen(boot_file, "w");
    if (f) {
        fprintf(f, "%s\n", device_name(flags[1]));
        fclose(f);
    }
    return 0;
}

static void set_boot_options(lmc_data_t *mc, msg_t *msg, unsigned char *rdata, unsigned int *rdata_len,
                             void *cb_data)
{
    rdata[0] = 0;
    *rdata_len = 1;
    if (msg->len < 1) {
        rdata[0] = 0xc7;
        return;
    }
    switch (msg->data[0] & 0x7f) {
    case 0: case 3: case 4:
        return;
    case BOOT_FLAGS:
        if (msg->len < 1 + FLAGS_LEN) {
            rdata[0] = 0xc7;
            return;
        }
        if (write_flags(msg->data + 1) != 0)
            rdata[0] = 0xff; /* unspecified error: not kept, so not reported as done */
        return;
    default:
        rdata[0] = 0x80;
    }
}

static void get_boot_options(lmc_data_t *mc, msg_t *msg, unsigned char *rdata, unsigned int *rdata_len,
                             void *cb_data)
{
    if (msg->len < 3) {
        rdata[0] = 0xc7;
        *rdata_len = 1;
        return;
    }
    if ((msg->data[0] & 0x7f) != BOOT_FLAGS) {
        rdata[0] = 0x80;
        *rdata_len = 1;
        return;
    }
    rdata[0] = 0;
    rdata[1] = 1; /* parameter version */
    rdata[2] = BOOT_FLAGS;
    read_flags(rdata + 3);
    *rdata_len = 3 + FLAGS_LEN;
}

int ipmi_sim_module_print_version(sys_data_t *sys, char *options)
{
    printf("Underlay boot flags module 2\n");
    return 0;
}

int ipmi_sim_module_init(sys_data_t *sys, const char *options)
{
    if (!options || !*options
        || snprintf(flags_file, sizeof(flags_file), "%s/bootflags", options) >= (int) sizeof(flags_file)
        || snprintf(flags_tmp, sizeof(flags_tmp), "%s/.bootflags.tmp", options) >= (int) sizeof(flags_tmp)
        || snprintf(boot_file, sizeof(boot_file), "%s/boot", options) >= (int) sizeof(boot_file)) {
        fprintf(stderr, "bootflags.so: loadlib needs the chassis directory as its option\n");
        return 1;
    }
    if (ipmi_emu_register_cmd_handler(NETFN_CHASSIS, SET_SYSTEM_BOOT_OPTIONS, set_boot_options, NULL)
        || ipmi_emu_register_cmd_handler(NETFN_CHASSIS, GET_SYSTEM_BOOT_OPTIONS, get_boot_options, NULL))
        return 1;
    return 0;
}
