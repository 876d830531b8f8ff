package io.stockring.core.ledger;

import net.openhft.chronicle.bytes.Byteable;
import net.openhft.chronicle.core.Memory;
import net.openhft.chronicle.core.OS;

/**
 * Base of the ledger's record views: a pointer bound to the address of one map entry's value.
 *
 * <p>Chronicle's native value references share their pointer store with the map's query
 * context, so the next map operation may silently re-point a reference obtained earlier (seen:
 * inserting a new key moved another view). A view therefore takes the entry's address right
 * after the look-up and keeps its own pointer: valid as long as the entry is not removed or
 * moved (stock entries never are; reservation and request records are only removed, and moved,
 * by the writer's retention purge, which readers on other threads detect and retry, see
 * {@link RecordRing}).
 */
abstract class OffHeapView
{
    private static final Memory MEMORY = OS.memory();

    private long address;

    /** Binds this view to the value a Chronicle look-up just pointed {@code ref} at; returns its address. */
    final long bind(final Object ref)
    {
        address = ((Byteable)ref).address();
        return address;
    }

    /** Binds this view to a value whose address is already known. */
    final void bind(final long address)
    {
        this.address = address;
    }

    // Raw loads and stores: indexes are the record layouts' constants, so the bounds checks a
    // bytes store would make per word buy nothing on the writer's path.
    final long word(final int index)
    {
        return MEMORY.readLong(address + ((long)index << 3));
    }

    final void word(final int index, final long value)
    {
        MEMORY.writeLong(address + ((long)index << 3), value);
    }

    /** Word {@code index} of the record at {@code address}, without a view bound to it. */
    static long wordAt(final long address, final int index)
    {
        return MEMORY.readLong(address + ((long)index << 3));
    }
}
