// The `data` part of a run's bill (issue 14): what moving the jobs' S3 data and image layers
// costs, priced by dataBill (./pipelineBilling.ts) over what the model moved (model/dataMovement.ts).
//
// What is modelled, and what is not:
// - NAT gateway (s3Path natGateway): `natGatewayAzs` gateways, each billed for the run's simulated
//   span with its partial hour as a whole one (a standing gateway bills every hour it exists, jobs
//   or not), plus processing of every S3 byte read and written and every ECR layer byte pulled.
// - Gateway endpoint (s3Path gatewayEndpoint): S3 traffic, and ECR's layer downloads (ECR serves
//   layers from S3), take the free S3 gateway endpoint; no NAT gateway. A private subnet without a
//   NAT gateway also needs the ECR interface endpoints (ecr.api, ecr.dkr), which are billed per AZ
//   per hour and per GB (AWS PrivateLink pricing); they are not priced here.
// - S3 requests: GETs for reads and PUT-class requests for writes, one per 8 MiB part
//   (model/dataMovement.ts S3_PART_BYTES); transfer between S3 and EC2 in the Region is free.
// - ECR: transfer within the Region is free; only cold pulls download layers (a warm pull finds
//   them on the instance), and only images given by size have known bytes.
// - DynamoDB (dynamoDbRecordPerJob): one item of at most 1 KB per job that ends, one write
//   request unit each; its few bytes through the NAT gateway are not charged.
// - Step Functions are not in this part (the state-machine summary prices them).
import type { DataMovementSnapshot } from '../model/dataMovement.js';
import { round } from '../records/format.js';
import { BYTES_PER_GB, dataBill, dynamoDbWriteRequestUnits } from './pipelineBilling.js';
import { PIPELINE_PRICES_US_EAST_1, type PipelinePrices } from './pipelinePrices.js';

/** The per-job metadata item [EST]: at most 1 KB, so one write request unit. */
const DYNAMODB_RECORD_BYTES = 1024;

export interface DataSummary {
  s3Path: DataMovementSnapshot['network']['s3Path'];
  /** NAT gateways billed (0 with gateway endpoints) and their whole hours. */
  natGateways: number;
  natGatewayHours: number;
  s3: { readGiB: number; writeGiB: number; getRequests: number; putRequests: number };
  ecr: { pullGiB: number; coldPulls: number; coldPullsWithoutSize: number };
  /** Items written (0 unless dynamoDbRecordPerJob) and their write request units. */
  dynamoDb: { items: number; writeRequestUnits: number };
  /** Attempt time spent moving S3 data, summed over attempts; the attempts that moved any. */
  transferSeconds: number;
  attemptsMovingData: number;
  /** total = nat + s3 + ecr + dynamodb + gatewayEndpoint; nat = natHours + natS3Processing + natEcrProcessing. */
  costUsd: {
    total: number;
    nat: number;
    natHours: number;
    natS3Processing: number;
    natEcrProcessing: number;
    s3: number;
    ecr: number;
    dynamodb: number;
    gatewayEndpoint: number;
  };
}

export interface DataRun {
  snapshot: DataMovementSnapshot;
  /** When the run ended (ms): the span the NAT gateways are billed for. */
  endAt: number;
}

/** The data part: usage from the snapshot, priced with `prices` (us-east-1's by default). */
export function summarizeData(run: DataRun, prices: PipelinePrices = PIPELINE_PRICES_US_EAST_1): DataSummary {
  const s = run.snapshot;
  const viaNat = s.network.s3Path === 'natGateway';
  const hours = Math.max(0, run.endAt) / 3_600_000;
  const natGateways = viaNat ? s.network.natGatewayAzs : 0;
  const items = s.network.dynamoDbRecordPerJob ? s.dynamoDbItems : 0;
  const wru = items * dynamoDbWriteRequestUnits(DYNAMODB_RECORD_BYTES);
  const bill = dataBill(
    {
      s3Path: s.network.s3Path,
      natGatewayHours: Array.from({ length: natGateways }, () => hours),
      gatewayEndpointHours: viaNat ? 0 : hours,
      s3ReadGb: s.s3ReadBytes / BYTES_PER_GB,
      s3WriteGb: s.s3WriteBytes / BYTES_PER_GB,
      s3Requests: { puts: s.s3PutRequests, gets: s.s3GetRequests },
      ecrPullGb: s.imagePullBytes / BYTES_PER_GB,
      dynamoDbWriteRequestUnits: wru,
      stepFunctions: { standardTransitions: 0, expressExecutions: [] },
    },
    prices,
  );
  const p = bill.parts;
  return {
    s3Path: s.network.s3Path,
    natGateways,
    natGatewayHours: bill.nat.billedHours,
    s3: {
      readGiB: round(s.s3ReadBytes / BYTES_PER_GB, 6),
      writeGiB: round(s.s3WriteBytes / BYTES_PER_GB, 6),
      getRequests: s.s3GetRequests,
      putRequests: s.s3PutRequests,
    },
    ecr: { pullGiB: round(s.imagePullBytes / BYTES_PER_GB, 6), coldPulls: s.coldImagePulls, coldPullsWithoutSize: s.coldPullsWithoutSize },
    dynamoDb: { items, writeRequestUnits: wru },
    transferSeconds: round(s.transferMs / 1000, 3),
    attemptsMovingData: s.attemptsMovingData,
    costUsd: {
      // dataBill's total: Step Functions are billed per state machine (stateMachines.ts), not here.
      total: bill.totalUsd,
      nat: p.nat,
      natHours: bill.nat.hoursUsd,
      natS3Processing: bill.nat.s3ProcessingUsd,
      natEcrProcessing: bill.nat.ecrProcessingUsd,
      s3: p.s3,
      ecr: p.ecr,
      dynamodb: p.dynamodb,
      gatewayEndpoint: p.gatewayEndpoint,
    },
  };
}
