# SPDX-License-Identifier: GPL-2.0-only
# Save and restore (tests/system/scenarios_save.py): a guest whose process
# checks an 8 MiB buffer every second (config/guest/init xmhv.memtest) is
# saved (gone afterwards), restored (the same process goes on with the
# same sum and process list), checkpointed with xm save -c (it runs on),
# destroyed; truncated and corrupt images are refused leaving nothing;
# the checkpoint image is restored once more.  The guest's disk (a file:
# image) is open in it all along: the same content after each move.  The guest's console log
# (xenconsoled --log=guest) is where its tick lines are read.
. /usr/libexec/dom0-tests/toolstack/lib.sh
. /usr/libexec/dom0-tests/toolstack/memtest.sh

# Refusals, from the first image's first MB (dom0's RAM holds no more
# whole copies): each leaves no domain behind.
refusal_images() {
    head -c 1000000 $dir/sr.img > $dir/trunc.img
    cp $dir/trunc.img $dir/magic.img
    printf 'NotLibxl' | dd of=$dir/magic.img conv=notrunc 2> /dev/null
    cp $dir/trunc.img $dir/xenf.img
    # The libxc image header's id ("XENF") after the libxl header (16),
    # the config record (8 + its length, padded to 8), LIBXC_CONTEXT (8)
    # and the marker (8).
    len=$(od -A n -t u4 -j 20 -N 4 $dir/xenf.img | tr -d ' ')
    off=$((16 + 8 + (len + 7) / 8 * 8 + 8 + 8))
    printf 'XXXX' | dd of=$dir/xenf.img bs=1 seek="$off" conv=notrunc \
        2> /dev/null
    ts "xenf offset=$off"
}

sr_cfg "file:$dir/sr-disk.img,xvda,w"
run create xm create /tmp/sr.cfg
wait_ticks 3 300 || ts "no ticks create"
ts "tick before $(last_tick)"
watch $dir/sr.img
gap before-save
timed save xm save sr $dir/sr.img
unwatch
ts "image size=$(stat -c %s $dir/sr.img)"
state saved
refusal_images
timed restore xm restore $dir/sr.img
# dom0's RAM holds one image at a time.
rm -f $dir/sr.img
more restored
gap restore
guest_log guest-restored
state restored
timed save-c xm save -c sr $dir/sr-c.img
more checkpointed
gap save-c
run destroy xm destroy sr
wait_gone sr 30

run restore-trunc xm restore $dir/trunc.img
state trunc
run restore-magic xm restore $dir/magic.img
run restore-xenf xm restore $dir/xenf.img
run restore-missing xm restore $dir/nope.img
state refused

timed restore-c xm restore $dir/sr-c.img
more from-checkpoint
run destroy-2 xm destroy sr
wait_gone sr 30
state end
# Where each create and restore spent its time (xend's one line for each).
run steps grep -E "(created|restored) d[0-9]+ in " /var/log/xen/xend.log
