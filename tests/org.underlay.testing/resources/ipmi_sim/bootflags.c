/*
 * ipmi_sim module (lan.conf: loadlib "bootflags.so" "<chassis dir>") for the Underlay test harness: keeps System
 * Boot Options parameter 5, the boot flags, byte for byte as a real BMC does, where ipmi_sim itself keeps only the
 * device selector and reads every override back as "invalid, next boot only". Set writes the device to
 * <chassis dir>/boot with the names chassis-control.sh uses, so the harness reads the device as before.
 * Parameters 0 (set in progress), 3 (valid bit clearing) and 4 (boot info acknowledge) are accepted and ignored;
 * others are "parameter not supported" (80h). Built by IpmiSimulator with gcc against libopenipmi-dev's headers.
 */
#include <stdio.h>
#include <string.h>
#include <OpenIPMI/serv.h>
#include <OpenIPMI/mcserv.h>

#define NETFN_CHASSIS 0x00
#define SET_SYSTEM_BOOT_OPTIONS 0x08
#define GET_SYSTEM_BOOT_OPTIONS 0x09
#define BOOT_FLAGS 5

static char boot_file[4096];
static unsigned char flags[5];

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

static void set_boot_options(lmc_data_t *mc, msg_t *msg, unsigned char *rdata, unsigned int *rdata_len,
                             void *cb_data)
{
    FILE *f;

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
        if (msg->len < 6) {
            rdata[0] = 0xc7;
            return;
        }
        memcpy(flags, msg->data + 1, sizeof(flags));
        f = fopen(boot_file, "w");
        if (f) {
            fprintf(f, "%s\n", device_name(flags[1]));
            fclose(f);
        }
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
    memcpy(rdata + 3, flags, sizeof(flags));
    *rdata_len = 3 + sizeof(flags);
}

int ipmi_sim_module_print_version(sys_data_t *sys, char *options)
{
    printf("Underlay boot flags module 1\n");
    return 0;
}

int ipmi_sim_module_init(sys_data_t *sys, const char *options)
{
    snprintf(boot_file, sizeof(boot_file), "%s/boot", options);
    if (ipmi_emu_register_cmd_handler(NETFN_CHASSIS, SET_SYSTEM_BOOT_OPTIONS, set_boot_options, NULL)
        || ipmi_emu_register_cmd_handler(NETFN_CHASSIS, GET_SYSTEM_BOOT_OPTIONS, get_boot_options, NULL))
        return 1;
    return 0;
}
