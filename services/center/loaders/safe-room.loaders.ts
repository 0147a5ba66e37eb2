import { type HubContext, manyById, oneById } from '../../shared/context.js';
import { SafeRoomStay } from '../entities/safe-room-stay.entity.js';

// One query per request for the stays of every case, and one for the beds taken at every center asked about.

export const staysByCase = (ctx: HubContext) =>
  manyById(
    ctx,
    'safeRoomStays.byCase',
    (ids) => ctx.em.find(SafeRoomStay, { case: { $in: ids } }, { orderBy: { admittedAt: 'asc', id: 'asc' } }),
    (s) => s.case.id,
  );

export const occupancyByCenter = (ctx: HubContext) =>
  oneById(
    ctx,
    'safeRoom.occupancyByCenter',
    async (ids) => {
      const rows: { center_id: string; n: number }[] = await ctx.em.getConnection().execute(
        `select center_id, count(*)::int as n from "${ctx.em.config.get('schema')}"."safe_room_stay"
          where discharged_at is null and center_id = any(?::uuid[]) group by center_id`,
        [`{${ids.join(',')}}`],
      );
      return rows.map((r) => ({ centerId: r.center_id, occupied: r.n }));
    },
    (r) => r.centerId,
  );
