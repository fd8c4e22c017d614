// GET /api/files lists your files; POST /api/files uploads the form's `file`.
// The key stays on the server: MOONSHOT_API_KEY in its environment (.env.local).
import { Moonshot } from 'moonshot-files';

export async function GET() {
  const { data } = await new Moonshot().files.list();
  return Response.json(data);
}

export async function POST(request) {
  const file = (await request.formData()).get('file');
  return Response.json(await new Moonshot().files.create({ file, filename: file.name, purpose: 'file-extract' }));
}
