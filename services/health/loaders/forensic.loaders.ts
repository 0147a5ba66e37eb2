import { type HubContext, manyById } from '../../shared/context.js';
import { ForensicSample } from '../entities/forensic-sample.entity.js';
import { MedicoLegalReport } from '../entities/medico-legal-report.entity.js';

export const samplesByCase = (ctx: HubContext) =>
  manyById(
    ctx,
    'forensicSamples.byCase',
    (ids) =>
      ctx.em.find(
        ForensicSample,
        { caseId: { $in: ids }, voidedAt: null },
        { orderBy: { collectedAt: 'asc', barcode: 'asc' } },
      ),
    (s) => s.caseId,
  );

export const reportsByCase = (ctx: HubContext) =>
  manyById(
    ctx,
    'medicoLegalReports.byCase',
    (ids) => ctx.em.find(MedicoLegalReport, { caseId: { $in: ids } }),
    (r) => r.caseId,
  );
